package io.initwatch.trainer.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What a hostile or broken file can do to the trainer: at most be refused, with where and why. */
class CsvTableTest {

    private static final CsvLimits ROOMY = new CsvLimits(1_000_000, Integer.MAX_VALUE, 1024, 1024);

    /** Bytes without end, like a device or a file that keeps growing, counting how many were handed out. */
    private static final class Endless extends InputStream {
        private final byte[] pattern;
        long served;

        Endless(String pattern) {
            this.pattern = pattern.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            return pattern[(int) (served++ % pattern.length)];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }
    }

    @Test
    void anEndlessStreamIsCutAtTheByteLimitInsteadOfFillingMemory() {
        for (String pattern : new String[] { "1,2,0\n3,4,1\n", "\0" }) {
            Endless endless = new Endless(pattern);
            InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                    () -> CsvTable.read(endless, "endless.csv", -1, null, ROOMY));
            assertEquals("endless.csv is larger than 1000000 bytes (initwatch.trainer.limits.max-csv-bytes)",
                    e.getMessage());
            assertTrue(endless.served <= 1_000_001, "read " + endless.served + " bytes");
        }
    }

    @Test
    void aDeviceIsNotAFileToTrainOn() {
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                    () -> CsvTable.read(zero, "zero.csv", -1, null, ROOMY));
            assertEquals("zero.csv is not a regular file", e.getMessage());
        }
    }

    @Test
    void rowsFeaturesAndClassesAreBoundedByTheLimits() {
        CsvLimits small = new CsvLimits(1_000_000, 3, 2, 4);
        assertEquals("f.csv has more than 3 data rows (initwatch.trainer.limits.max-samples)",
                refuse("1,2,0\n3,4,1\n5,6,0\n7,8,1\n", small));
        assertEquals("f.csv line 1: 3 feature columns; at most 2 are allowed (initwatch.trainer.limits.max-width)",
                refuse("1,2,3,0\n", small));
        assertEquals("f.csv line 2 column 3: label out of range; labels must be 0..3 (at most 4 classes, "
                + "initwatch.trainer.limits.max-width)", refuse("1,2,0\n3,4,1000000000000\n", small));
    }

    @Test
    void textThatIsNotUtf8IsRefusedWithItsLine() {
        byte[] latin1 = "x,y,label\n1,2,0\nd\u00e9j\u00e0,4,1\n".getBytes(StandardCharsets.ISO_8859_1);
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> CsvTable.read(new ByteArrayInputStream(latin1), "f.csv", -1, null, ROOMY));
        assertEquals("f.csv line 3: expected UTF-8 text", e.getMessage());
    }

    private static String refuse(String csv, CsvLimits limits) {
        return assertThrows(InvalidDatasetException.class, () -> CsvTable.read(
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "f.csv", -1, null, limits)).getMessage();
    }
}
