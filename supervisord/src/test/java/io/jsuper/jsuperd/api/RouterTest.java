package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routes resolve by their patterns split once: parameters, fixed paths, 404 and 405 with Allow. */
class RouterTest {
    private static final ApiCommand NOTHING = (request, control) -> null;
    private final Router router = new Router(List.of(
            new Route("status", GET, "/services", NOTHING),
            new Route("status-one", GET, "/services/{name}", NOTHING),
            new Route("start", POST, "/services/{name}/start", NOTHING),
            new Route("log", GET, "/services/{name}/log", NOTHING),
            new Route("clear", POST, "/services/{name}/log/clear", NOTHING)));

    @Test
    void fixedPath_matchesWithNoParameters() {
        Router.Match m = router.resolve(GET, "/services");
        assertEquals("status", m.route().name());
        assertEquals(Map.of(), m.params());
        assertEquals("status", router.resolve(GET, "/services/").route().name());
    }

    @Test
    void parameters_areCapturedDecoded_perRequest() {
        assertEquals(Map.of("name", "web:1"), router.resolve(GET, "/services/web:1").params());
        assertEquals(Map.of("name", "a/b"), router.resolve(GET, "/services/a%2Fb").params());
        assertEquals(Map.of("name", "db"), router.resolve(POST, "/services/db/start").params());
        assertEquals("clear", router.resolve(POST, "/services/x/log/clear").route().name());
        assertEquals(Map.of("name", "web"), new Route("r", GET, "/s/{name}", NOTHING).match(List.of("s", "web")).orElseThrow());
        assertTrue(new Route("r", GET, "/s/{name}", NOTHING).match(List.of("s", "")).isEmpty());
    }

    @Test
    void unknownPath_is404_wrongMethod_is405WithAllow() {
        ApiException notFound = assertThrows(ApiException.class, () -> router.resolve(GET, "/nope"));
        assertEquals(ErrorCode.NOT_FOUND, notFound.code());
        assertThrows(ApiException.class, () -> router.resolve(GET, "/services//start"));
        ApiException wrong = assertThrows(ApiException.class, () -> router.resolve(GET, "/services/web/start"));
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED, wrong.code());
        assertEquals(Map.of("Allow", "POST"), wrong.headers());
        ApiException both = assertThrows(ApiException.class, () -> router.resolve(POST, "/services"));
        assertEquals("GET", both.headers().get("Allow"));
    }
}
