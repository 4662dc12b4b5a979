package io.github.visionj.output;

import java.util.function.Supplier;

/**
 * Result files written as a block-wise run produces them, under temporary names: they appear on
 * their names only on {@link #commit}, and {@link #discard} removes them, so that a failed or
 * canceled run leaves no partial results.
 */
public interface StreamedFiles {

	/** Completes every file and moves each onto its name. */
	void commit();

	/** Removes every file written so far; none appears. */
	void discard();

	/** Runs {@code work}, which writes into these files, then commits them; discards them when either fails. */
	default <R> R commitAfter(Supplier<R> work) {
		try {
			R result = work.get();
			commit();
			return result;
		}
		catch (RuntimeException | Error e) {
			discard();
			throw e;
		}
	}

	/** As {@link #commitAfter(Supplier)}, for work that returns nothing. */
	default void commitAfter(Runnable work) {
		commitAfter(() -> {
			work.run();
			return null;
		});
	}
}
