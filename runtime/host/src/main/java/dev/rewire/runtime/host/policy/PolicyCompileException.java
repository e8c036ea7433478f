package dev.rewire.runtime.host.policy;

import java.util.List;

/** A policy folder that does not compile; each message names the file and line. */
public class PolicyCompileException extends Exception {

    private final List<String> problems;

    public PolicyCompileException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
