package dev.rewire.runtime.host.osgi;

/** Values written into LDAP filters, the syntax OSGi looks services and configurations up by. */
final class LdapFilters {

    private LdapFilters() {
    }

    /** A value as an LDAP filter takes it: its backslashes, parentheses and asterisks escaped. */
    static String escaped(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
