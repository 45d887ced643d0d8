package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** supervisord's username/password of both HTTP servers become jsuperd's basic authentication of /RPC2. */
class RpcAuthConfigTest {

    @TempDir
    Path dir;

    private DaemonSettings daemon(Path file) throws ConfigException {
        return ConfigLoader.loadWithWarnings(file, ConfigFiles.ENV, Accounts.UNCHECKED, Dialect.AUTO).config().daemon();
    }

    @Test
    void supervisordServers_carryTheirCredentials_perListener() throws ConfigException {
        DaemonSettings d = daemon(write(dir, "s.conf", "[unix_http_server]", "file = " + dir.resolve("s.sock"),
                "username = alice", "password = {SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4",
                "[inet_http_server]", "port = 127.0.0.1:25123", "username = bob", "password = pw",
                "[program:a]", "command = a"));
        BasicAuth socket = d.rpcAuth().socket().orElseThrow();
        BasicAuth http = d.rpcAuth().http().orElseThrow();
        assertTrue(socket.matches("alice", "secret"), "{SHA} is the hex SHA-1 of the password");
        assertFalse(socket.matches("alice", "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4"), "the hash is no password");
        assertTrue(http.matches("bob", "pw"));
        assertFalse(http.matches("bob", "PW"));
        assertFalse(http.matches("alice", "pw"));
        assertFalse(http.toString().contains("pw"), "never printed: " + http);
    }

    @Test
    void withoutCredentials_noBasicAuth() throws ConfigException {
        DaemonSettings d = daemon(write(dir, "s.conf", "[unix_http_server]", "file = " + dir.resolve("s.sock"),
                "[program:a]", "command = a"));
        assertEquals(RpcAuth.none(), d.rpcAuth());
        assertEquals(Optional.empty(), d.rpcAuth().http());
    }

    @Test
    void usernameWithoutPassword_isAnErrorNamingBoth() {
        String m = failure(write(dir, "j.ini", "[jsuperd]", "http_username = bob", "[watcher:a]", "cmd = a")).getMessage();
        assertTrue(m.contains("http_username") && m.contains("http_password"), m);
    }
}
