package dev.rewire.runtime.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says what a command does with the file an option names, so that {@link FileRoles} can check
 * every command's outputs against its inputs in one place: an option that writes a file is
 * {@code @FileRole(WRITTEN)}, one that reads it {@code @FileRole(READ)}. A new output option only
 * needs the annotation to be protected.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface FileRole {

    Kind value();

    enum Kind {
        READ, WRITTEN
    }
}
