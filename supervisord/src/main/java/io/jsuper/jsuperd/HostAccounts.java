package io.jsuper.jsuperd;

import io.jsuper.jsuperd.config.Accounts;
import io.jsuper.jsuperd.os.jna.UserDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host's passwd and group databases (through NSS), as the config loader's {@link Accounts}. */
final class HostAccounts implements Accounts {
    private static final Logger log = LoggerFactory.getLogger(HostAccounts.class);

    private final UserDatabase database = new UserDatabase();

    @Override
    public boolean userExists(String nameOrUid) {
        try {
            return database.user(nameOrUid).isPresent();
        } catch (IllegalStateException e) {
            // The database could not answer (e.g. LDAP down): not proof the user is missing; spawn will tell.
            log.warn("{}; not checking it at load", e.getMessage());
            return true;
        }
    }

    @Override
    public boolean groupExists(String nameOrGid) {
        try {
            return database.group(nameOrGid).isPresent();
        } catch (IllegalStateException e) {
            log.warn("{}; not checking it at load", e.getMessage());
            return true;
        }
    }
}
