package dev.rewire.runtime.engine;

import java.util.Locale;

/**
 * What a scoring run did, as printed at its end.
 *
 * @param recordsIn    non-blank input lines
 * @param recordsOut   reward records written
 * @param rejected     lines rejected (see the rejects file)
 * @param batches      batches processed
 * @param splitGroups  groups split across batches (larger than the batch size)
 * @param scatteredGroups groups whose members were far apart in the input, scored in parts
 * @param device       where the scorer ran
 * @param wallSeconds  wall time of the run, start-up included
 * @param startSeconds time to start the host (OSGi, policy, engine) before the first record
 * @param blockedBy    the block that stopped the run, or null
 * @param interrupted  a signal stopped the run before the end of its input (what was read was scored)
 * @param stoppedBy    what stopped it ("a signal", "System.exit called by ..."), or null
 */
public record RunSummary(long recordsIn, long recordsOut, long rejected, long batches, long splitGroups,
                         long scatteredGroups, String device,
                         double wallSeconds, double startSeconds, String blockedBy, boolean interrupted,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         String stoppedBy) {

    /** Records per second over the scoring part of the run (start-up excluded). */
    public double throughput() {
        double scoring = wallSeconds - startSeconds;
        return scoring > 0 ? recordsIn / scoring : 0;
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "%srecords in %d, out %d, rejected %d; %d batches%s%s; device %s; wall %.2f s (start %.2f s); %.0f records/s",
                interrupted ? "stopped by " + (stoppedBy == null ? "a signal" : stoppedBy) + ": " : "", recordsIn, recordsOut, rejected, batches,
                splitGroups > 0 ? " (" + splitGroups + " groups split across batches)" : "",
                scatteredGroups > 0 ? " (" + scatteredGroups + " groups had members far apart in the input and were "
                        + "normalized in parts: keep each prompt's samples together)" : "",
                device, wallSeconds, startSeconds, throughput());
    }
}
