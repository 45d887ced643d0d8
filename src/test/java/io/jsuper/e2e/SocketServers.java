package io.jsuper.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small servers of the tests' own that serve on a socket they inherit from jsuperd. */
final class SocketServers {
    static final String PYTHON = "/usr/bin/python3";

    private SocketServers() {
    }

    /**
     * An HTTP/1.0 server on the inherited fd: argv[1], else 3 (sd_listen_fds style: with LISTEN_FDS, LISTEN_PID
     * must be its own pid).
     * It answers "pid PID release REL fd FD names NAMES". It cannot reload: SIGHUP kills it (the default).
     * SIGTERM is graceful: it stops accepting, finishes the requests it accepted, then exits (what
     * gunicorn and nginx do). START_DELAY seconds pass before it accepts (a slow start); the release it names
     * comes from RELEASE, or the file RELEASE_FILE, and a release "broken" exits instead of serving.
     */
    static Path sdListenServer(Path dir) throws IOException {
        Path script = dir.resolve("sdserver.py");
        Files.writeString(script, """
                import os, signal, socket, sys, threading, time, http.server, socketserver
                if 'LISTEN_FDS' in os.environ and os.environ.get('LISTEN_PID') != str(os.getpid()):
                    sys.exit('LISTEN_PID %r is not my pid %d' % (os.environ.get('LISTEN_PID'), os.getpid()))
                count = int(os.environ.get('LISTEN_FDS', '0'))
                names = os.environ.get('LISTEN_FDNAMES', '')
                fd = int(sys.argv[1]) if len(sys.argv) > 1 else 3
                release = os.environ.get('RELEASE', '-')
                if 'RELEASE_FILE' in os.environ:
                    with open(os.environ['RELEASE_FILE']) as f:
                        release = f.read().strip()
                time.sleep(float(os.environ.get('START_DELAY', '0')))
                if release == 'broken':
                    sys.exit('release is broken: cannot start')
                sock = socket.socket(fileno=fd)
                sock.setblocking(True)
                class Handler(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        time.sleep(float(os.environ.get('REQUEST_DELAY', '0')))
                        body = ('pid %d release %s fd %d names %s fds %d' % (os.getpid(), release, fd, names, count)).encode()
                        self.send_response(200)
                        self.send_header('Content-Length', str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    def log_message(self, *args):
                        pass
                class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
                    daemon_threads = False
                    block_on_close = True
                server = Server(('127.0.0.1', 0), Handler, bind_and_activate=False)
                server.socket = sock
                def graceful(signum, frame):
                    threading.Thread(target=server.shutdown).start()
                signal.signal(signal.SIGTERM, graceful)
                print('serving on fd %d (%s)' % (fd, names), flush=True)
                server.serve_forever(poll_interval=0.05)
                server.server_close()  # joins the request threads (block_on_close), closes our copy of the socket
                print('drained, exiting', flush=True)
                """);
        return script;
    }

    /** A WSGI app for gunicorn: answers "pid PID release REL". */
    static Path wsgiApp(Path dir, String release) throws IOException {
        Files.createDirectories(dir);
        Path app = dir.resolve("app.py");
        Files.writeString(app, """
                import os
                def app(environ, start_response):
                    body = ('pid %d release RELEASE' % os.getpid()).encode()
                    start_response('200 OK', [('Content-Length', str(len(body)))])
                    return [body]
                """.replace("RELEASE", release));
        return app;
    }
}
