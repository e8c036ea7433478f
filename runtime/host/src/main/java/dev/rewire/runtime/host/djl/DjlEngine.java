package dev.rewire.runtime.host.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine once, on the host class loader, before any bundle asks for it.
 * Offline by default: the native libraries come from the {@code pytorch-native-cpu} jar on the
 * class path (or from {@code PYTORCH_LIBRARY_PATH} on a GPU machine), never from the network.
 */
public final class DjlEngine {

    private final Engine engine;
    private final long startMillis;

    public DjlEngine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        long start = System.nanoTime();
        this.engine = Engine.getEngine("PyTorch");
        this.startMillis = (System.nanoTime() - start) / 1_000_000;
    }

    /** The device scorers should use: the first GPU when the engine reports one, else the CPU. */
    public Device device() {
        return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    public String describe() {
        return engine.getEngineName() + " " + engine.getVersion() + " on " + device();
    }

    /** Milliseconds the engine took to start (native libraries loaded). */
    public long startMillis() {
        return startMillis;
    }
}
