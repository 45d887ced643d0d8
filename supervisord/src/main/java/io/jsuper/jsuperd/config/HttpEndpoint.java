package io.jsuper.jsuperd.config;

/** A TCP address for the HTTP API; host defaults to 127.0.0.1. */
public record HttpEndpoint(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
