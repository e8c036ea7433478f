package dev.rewire.framework.record;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The group a record was scored in, as every record states it ({@code "group"} in the output).
 *
 * @param size     how many samples were scored together (advantages and group terms saw these)
 * @param complete whether the group was whole (see {@link dev.rewire.framework.model.Group#complete()})
 * @param expected the declared group size ({@code --group-size}, a request's {@code group_size}),
 *                 or null when none was declared
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupInfo(int size, boolean complete, Integer expected) {

    /** The record's statement about a group it was scored in. */
    public static GroupInfo of(dev.rewire.framework.model.Group group) {
        return new GroupInfo(group.size(), group.complete(), group.expected());
    }
}
