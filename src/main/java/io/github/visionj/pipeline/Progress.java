package io.github.visionj.pipeline;

import java.util.concurrent.CancellationException;

/**
 * Where long work reports what it is doing and learns that the user wants it to stop. The
 * pipeline calls {@link #checkCanceled()} between tiles, blocks and planes.
 */
public interface Progress {

	Progress NONE = new Progress() {
		@Override
		public void report(String stage, long done, long total) {}

		@Override
		public boolean isCanceled() {
			return false;
		}
	};

	/** {@code done} of {@code total} steps of {@code stage} are finished. */
	void report(String stage, long done, long total);

	boolean isCanceled();

	default void checkCanceled() {
		if (isCanceled()) throw new CancellationException("Canceled by the user.");
	}
}
