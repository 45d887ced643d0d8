package io.jsuper.jsuperd;

import io.jsuper.jsuperd.config.Accounts;
import io.jsuper.jsuperd.os.GroupEntry;
import io.jsuper.jsuperd.os.UserEntry;
import io.jsuper.jsuperd.os.jna.UserDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** The host's passwd and group databases (through NSS), as the config loader's {@link Accounts}. */
final class HostAccounts implements Accounts {
    private static final Logger log = LoggerFactory.getLogger(HostAccounts.class);

    private final UserDatabase database = new UserDatabase();
    private final boolean checkRun;

    /** @param checkRun {@code jsuperd --check}: also answer {@link #idsOf}, for the working_dir check */
    HostAccounts(boolean checkRun) {
        this.checkRun = checkRun;
    }

    @Override
    public Optional<Ids> idsOf(String user, Optional<String> group) {
        if (!checkRun) {
            return Optional.empty();
        }
        try {
            Optional<UserEntry> entry = database.user(user);
            if (entry.isEmpty()) {
                return Optional.empty(); // already reported as an unknown user
            }
            Optional<Integer> gid = group.isPresent() ? database.group(group.get()).map(GroupEntry::gid)
                    : Optional.of(entry.get().gid());
            return gid.map(g -> new Ids(entry.get().uid(), g, database.groupsOf(entry.get().name(), g)));
        } catch (IllegalStateException e) {
            log.warn("{}; not checking working_dir access", e.getMessage());
            return Optional.empty();
        }
    }

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
