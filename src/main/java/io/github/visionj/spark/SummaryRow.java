package io.github.visionj.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

import io.github.visionj.Csv;

/**
 * What became of one input: a row of the job's summary CSV and a line of its log.
 *
 * @param objects the rows of the input's {@code <name>_results.csv}: objects (instance, detect),
 *          class areas (semantic), classes (classify); 0 when it failed
 * @param message why it failed, else empty
 */
record SummaryRow(String file, Status status, int objects, double seconds, String message) implements Serializable {

	enum Status {
		OK, SKIPPED, FAILED;

		String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	static final String HEADER = Csv.line(List.of("file", "status", "objects", "seconds", "message"));

	String csv() {
		return Csv.line(List.of(file, status.key(), Integer.toString(objects), String.format(Locale.ROOT, "%.2f", seconds), message));
	}

	/** The line of the log: {@code a.png: ok, 12 objects, 1.40 s}. */
	String logLine() {
		return file + ": " + status.key() + (status == Status.FAILED ? ": " + message : ", " + objects + " objects") +
			String.format(Locale.ROOT, ", %.2f s", seconds);
	}
}
