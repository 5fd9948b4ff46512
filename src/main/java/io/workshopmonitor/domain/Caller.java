package io.workshopmonitor.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, from their verified token: a name for the audit trail, the strongest role their
 * {@code authorities} give, and the prisons they work in. An administrator works everywhere.
 */
public record Caller(String user, Role role, Set<String> prisons) {

    public enum Role {
        VIEWER, INSTRUCTOR, MANAGER, ADMIN;

        public static final String PREFIX = "ROLE_WORKSHOP_MONITOR__";

        public String authority() {
            return PREFIX + name();
        }

        public boolean atLeast(Role other) {
            return compareTo(other) >= 0;
        }

        /** The strongest of the service's roles among the authorities, if any. */
        public static Optional<Role> strongest(Collection<String> authorities) {
            Role best = null;
            for (Role role : values()) {
                if (authorities.contains(role.authority())) {
                    best = role;
                }
            }
            return Optional.ofNullable(best);
        }
    }

    public Caller {
        prisons = Set.copyOf(prisons);
    }

    public boolean sees(String prison) {
        return role == Role.ADMIN || prisons.contains(prison);
    }

    /** The prisons a query must be limited to; empty means every prison. */
    public Optional<List<String>> scope() {
        return role == Role.ADMIN ? Optional.empty() : Optional.of(List.copyOf(prisons));
    }
}
