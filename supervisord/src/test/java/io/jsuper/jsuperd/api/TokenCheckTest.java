package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A connection's remembered token never lets anything through that BearerToken itself would refuse. */
class TokenCheckTest {
    private final BearerToken token = new BearerToken(Optional.of("s3cret"));

    private static void refused(TokenCheck check, String authorization) {
        ApiException e = assertThrows(ApiException.class, () -> check.check(authorization), authorization);
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
    }

    @Test
    void afterAPassingHeader_otherHeadersAreStillCheckedInFull() {
        TokenCheck check = new TokenCheck(token);
        refused(check, null);
        refused(check, "Bearer wrong");
        assertDoesNotThrow(() -> check.check("Bearer s3cret"));
        assertDoesNotThrow(() -> check.check("Bearer s3cret"));
        refused(check, "Bearer s3cre");
        refused(check, "Bearer s3cret2");
        refused(check, "Bearer S3CRET");
        refused(check, null);
        refused(check, "");
        assertDoesNotThrow(() -> check.check("bearer  s3cret "), "what BearerToken accepts passes, in any spelling");
        assertDoesNotThrow(() -> check.check("Bearer s3cret"));
    }

    @Test
    void aRememberedHeader_belongsToItsConnectionOnly() {
        TokenCheck first = new TokenCheck(token);
        first.check("Bearer s3cret");
        TokenCheck second = new TokenCheck(token);
        refused(second, "Bearer wrong");
        refused(second, null);
    }

    @Test
    void aWrongHeader_isNeverRemembered() {
        TokenCheck check = new TokenCheck(token);
        refused(check, "Bearer wrong");
        refused(check, "Bearer wrong");
    }
}
