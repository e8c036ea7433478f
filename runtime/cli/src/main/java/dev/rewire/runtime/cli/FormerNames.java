package dev.rewire.runtime.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an option had before every command named the same output the same way ({@code --report}
 * for the HTML page, {@code --report-json} for its JSON). The option still answers to them (list
 * them in its {@code names} after the current one); {@link FormerNameNotice} prints one line on
 * stderr when one is used, so scripts keep working while their authors learn the new name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface FormerNames {

    String[] value();
}
