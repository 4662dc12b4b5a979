package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

class PlaneProgressTest {

	@Test
	void theStageNamesPlaneBlockAndTheTimeLeft() {
		// 10 of 80 steps in 5 s: 70 more take 35 s
		assertEquals("Segmenting plane 2 of 5, block 3 of 16, about 35 s left",
			PlaneProgress.stage("Segmenting", 1, 5, 2, 16, 10, 80, 5));
		// 700 s left: rounded to minutes
		assertEquals("Segmenting plane 2 of 40, about 12 min left", PlaneProgress.stage("Segmenting", 1, 40, 0, 1, 10, 80, 100));
		assertEquals("Detecting plane 3 of 3", PlaneProgress.stage("Detecting", 2, 3, 0, 1, 3, 3, 9));
	}

	/** Records the stages; asks to cancel once {@code after} stages were reported. */
	private static final class Recorder implements Progress {
		final List<String> stages = new ArrayList<>();
		final List<Long> done = new ArrayList<>();
		final int after;

		Recorder(int after) {
			this.after = after;
		}

		@Override
		public void report(String stage, long steps, long total) {
			stages.add(stage);
			done.add(steps * 100 + total);
		}

		@Override
		public boolean isCanceled() {
			return stages.size() >= after;
		}
	}

	@Test
	void eachPlaneIsReportedInOrderWithItsResult() {
		List<Plane> planes = List.of(new Plane(0, 0), new Plane(1, 0), new Plane(0, 1));
		Recorder progress = new Recorder(Integer.MAX_VALUE);
		List<PlaneResult<Integer>> results = PlaneProgress.forEach(planes, progress, "Detecting", p -> 10 * p.z() + p.t());
		assertEquals(List.of(new PlaneResult<>(planes.get(0), 0), new PlaneResult<>(planes.get(1), 10),
			new PlaneResult<>(planes.get(2), 1)), results);
		assertEquals(List.of(103L, 203L, 303L), progress.done);
		assertTrue(progress.stages.get(0).matches("Detecting plane 1 of 3, about \\d+ s left"), progress.stages.get(0));
		assertTrue(progress.stages.get(1).matches("Detecting plane 2 of 3, about \\d+ s left"), progress.stages.get(1));
		assertEquals("Detecting plane 3 of 3", progress.stages.get(2));
	}

	@Test
	void aCancelStopsBeforeTheNextPlane() {
		List<Plane> planes = List.of(new Plane(0, 0), new Plane(1, 0), new Plane(2, 0));
		Recorder progress = new Recorder(2);
		List<Plane> worked = new ArrayList<>();
		assertThrows(CancellationException.class, () -> PlaneProgress.forEach(planes, progress, "Classifying", p -> worked.add(p)));
		assertEquals(planes.subList(0, 2), worked);
	}
}
