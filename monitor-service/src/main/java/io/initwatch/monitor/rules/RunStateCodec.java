package io.initwatch.monitor.rules;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.initwatch.events.EventJson;
import io.initwatch.events.MalformedEventException;
import io.initwatch.events.RunConfig;

/**
 * A run's rule state as bytes and back, so the monitor can keep it in a compacted topic and restore it after a
 * restart instead of replaying the run's history. Everything a rule remembers about a run is in {@link RunState}
 * (the rules themselves keep nothing per run), so a restored run raises exactly what the uninterrupted one
 * would. The config travels as its contract JSON; the rest as plain numbers. What is derived from the config
 * (layer specs by index, the initialization verdict) is rebuilt, not stored.
 *
 * <p>Decoding is bounded like any input from the wire: a corrupt or foreign record is refused with a message,
 * never allowed to allocate more than the limits the live input is held to.
 */
public final class RunStateCodec {
    /** Bumped when the layout changes; an unknown version is refused (that run is rebuilt from new events). */
    static final int VERSION = 1;
    private static final int MAX_FIRED = 10_000;
    private static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;

    private RunStateCodec() {
    }

    public static byte[] encode(RunState run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 18 * run.lastEpoch());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(run.runId());
            writeNullable(out, run.experimentId());
            RunConfig config = run.config().orElse(null);
            if (config == null) {
                out.writeInt(-1);
            } else {
                byte[] json = EventJson.toBytes(config);
                out.writeInt(json.length);
                out.write(json);
            }
            int last = run.lastEpoch();
            out.writeInt(last);
            for (int epoch = 1; epoch <= last; epoch++) {
                int flags = (run.hasTrainLoss(epoch) ? 1 : 0) | (run.hasValidationLoss(epoch) ? 2 : 0);
                out.writeByte(flags);
                if ((flags & 1) != 0) {
                    out.writeDouble(run.trainLoss(epoch));
                }
                if ((flags & 2) != 0) {
                    out.writeDouble(run.validationLoss(epoch));
                }
            }
            out.writeLong(run.lastLayersPosition());
            out.writeInt(run.gradientEpoch());
            writeDoubles(out, run.epochGradientNorms());
            int[] streak = run.gradientGrowthStreak();
            out.writeInt(streak.length);
            for (int s : streak) {
                out.writeInt(s);
            }
            writeDoubles(out, run.firstGradientNorms());
            out.writeDouble(run.preflightFirstLayerActivationStd());
            out.writeInt(run.firedConditions().size());
            for (String fired : run.firedConditions()) {
                out.writeUTF(fired);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param maxEpoch  the largest epoch the monitor accepts from the wire
     * @param maxLayers the most layers the monitor accepts from the wire
     * @throws IllegalArgumentException when the bytes are not a run state this version wrote, or exceed the limits
     */
    public static RunState decode(byte[] data, int maxEpoch, int maxLayers) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("run state version " + version + ", this monitor reads " + VERSION);
            }
            RunState run = new RunState(in.readUTF());
            run.experimentId(readNullable(in));
            int configBytes = in.readInt();
            if (configBytes > MAX_CONFIG_BYTES) {
                throw new IllegalArgumentException("config of " + configBytes + " bytes");
            }
            if (configBytes >= 0) {
                run.config(EventJson.fromBytes(in.readNBytes(configBytes), RunConfig.class));
            }
            int last = bounded(in.readInt(), maxEpoch, "last epoch");
            for (int epoch = 1; epoch <= last; epoch++) {
                int flags = in.readUnsignedByte();
                Double validation = null;
                double train = (flags & 1) != 0 ? in.readDouble() : Double.NaN;
                if ((flags & 2) != 0) {
                    validation = in.readDouble();
                }
                if ((flags & 1) != 0) {
                    run.recordEpoch(epoch, train, validation);
                }
            }
            run.restorePositions(in.readLong(), in.readInt());
            double[] norms = readDoubles(in, maxLayers);
            int[] streak = new int[bounded(in.readInt(), maxLayers, "gradient streaks")];
            for (int i = 0; i < streak.length; i++) {
                streak[i] = in.readInt();
            }
            run.epochGradients(run.gradientEpoch(), norms, streak);
            run.restoreFirstGradientNorms(readDoubles(in, maxLayers));
            run.preflightFirstLayerActivationStd(in.readDouble());
            int fired = bounded(in.readInt(), MAX_FIRED, "fired conditions");
            for (int i = 0; i < fired; i++) {
                run.restoreFired(in.readUTF());
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes after the run state");
            }
            return run;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated run state: " + e, e);
        } catch (MalformedEventException e) {
            throw new IllegalArgumentException("run state's config: " + e.getMessage(), e);
        }
    }

    private static int bounded(int value, int max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " outside 0.." + max);
        }
        return value;
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputStream in, int max) throws IOException {
        double[] values = new double[bounded(in.readInt(), max, "per-layer values")];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
