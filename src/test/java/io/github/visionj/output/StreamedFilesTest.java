package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StreamedFilesTest {

	/** Records what happened to it. */
	private static final class Recorded implements StreamedFiles {

		final List<String> events = new ArrayList<>();

		@Override
		public void commit() {
			events.add("commit");
		}

		@Override
		public void discard() {
			events.add("discard");
		}
	}

	@Test
	void workThatSucceedsIsCommittedAndItsResultReturned() {
		Recorded files = new Recorded();
		assertEquals(3, files.commitAfter(() -> {
			files.events.add("work");
			return 3;
		}));
		assertEquals(List.of("work", "commit"), files.events);
	}

	@Test
	void workThatFailsIsDiscardedAndTheFailureKept() {
		Recorded files = new Recorded();
		IllegalStateException failure = new IllegalStateException("cancelled");
		assertSame(failure, assertThrows(IllegalStateException.class, () -> files.commitAfter((Runnable) () -> {
			throw failure;
		})));
		OutOfMemoryError full = new OutOfMemoryError();
		assertSame(full, assertThrows(OutOfMemoryError.class, () -> files.commitAfter(() -> {
			throw full;
		})));
		assertEquals(List.of("discard", "discard"), files.events);
	}
}
