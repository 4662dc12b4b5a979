package io.github.visionj.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;

class InstanceMatchingTest {

	private static final int W = 40, H = 20;

	/** Sets [x0, x0 + w) × [y0, y0 + h) to label. */
	private static int[] rect(int[] labels, int x0, int y0, int w, int h, int label) {
		for (int y = y0; y < y0 + h; y++)
			for (int x = x0; x < x0 + w; x++)
				labels[y * W + x] = label;
		return labels;
	}

	private static Scores at(double threshold, int[] truth, int[] predicted) {
		return InstanceMatching.scores(truth, predicted, W, H, threshold).get(0);
	}

	@Test
	void perfectPredictionScoresOne() {
		int[] truth = rect(rect(new int[W * H], 0, 0, 10, 10, 4), 20, 5, 8, 8, 9); // ids need not be consecutive
		int[] predicted = rect(rect(new int[W * H], 0, 0, 10, 10, 2), 20, 5, 8, 8, 1);
		Scores s = at(0.9, truth, predicted);
		assertEquals(new Scores(0.9, 2, 0, 0, 2.0), s);
		assertEquals(1.0, s.ap());
		assertEquals(1.0, s.panopticQuality());
	}

	@Test
	void shiftedObjectMatchesUpToItsIou() {
		int[] truth = rect(new int[W * H], 0, 0, 10, 10, 1);
		int[] predicted = rect(new int[W * H], 1, 0, 10, 10, 1); // IoU 90 / 110
		List<Scores> s = InstanceMatching.scores(truth, predicted, W, H, Evaluation.DEFAULT_THRESHOLDS);
		assertEquals(1, s.get(6).tp()); // 0.8
		assertEquals(9.0 / 11, s.get(6).panopticQuality(), 1e-12);
		assertEquals(new Scores(0.85, 0, 1, 1, 0), s.get(7));
		assertEquals(0.0, s.get(7).f1());
	}

	@Test
	void mergedObjectsMatchOnlyOnce() {
		int[] truth = rect(rect(new int[W * H], 0, 0, 10, 10, 1), 10, 0, 10, 10, 2);
		int[] predicted = rect(new int[W * H], 0, 0, 20, 10, 1); // IoU 0.5 with each
		Scores s = at(0.5, truth, predicted);
		assertEquals(new Scores(0.5, 1, 0, 1, 0.5), s);
		assertEquals(0.5, s.ap());
		assertEquals(2.0 / 3, s.f1(), 1e-12);
		assertEquals(1.0 / 3, s.panopticQuality(), 1e-12);
		assertEquals(new Scores(0.55, 0, 1, 2, 0), at(0.55, truth, predicted));
	}

	@Test
	void splitObjectLeavesAFalsePositive() {
		int[] truth = rect(new int[W * H], 0, 0, 20, 10, 1);
		int[] predicted = rect(rect(new int[W * H], 0, 0, 12, 10, 1), 12, 0, 8, 10, 2); // IoU 0.6 and 0.4
		Scores s = at(0.5, truth, predicted);
		assertEquals(new Scores(0.5, 1, 1, 0, 0.6), s);
		assertEquals(0.5, s.precision());
		assertEquals(1.0, s.recall());
	}

	@Test
	void missingObjectIsAFalseNegative() {
		int[] truth = rect(rect(rect(new int[W * H], 0, 0, 5, 5, 1), 10, 0, 5, 5, 2), 20, 0, 5, 5, 3);
		int[] predicted = rect(rect(new int[W * H], 0, 0, 5, 5, 1), 10, 0, 5, 5, 2);
		Scores s = at(0.7, truth, predicted);
		assertEquals(new Scores(0.7, 2, 0, 1, 2.0), s);
		assertEquals(2.0 / 3, s.ap(), 1e-12);
		assertEquals(0.8, s.f1(), 1e-12);
		assertEquals(2 / 2.5, s.panopticQuality(), 1e-12);
	}

	@Test
	void emptyImagesScoreZeroWithoutError() {
		assertEquals(new Scores(0.5, 0, 0, 0, 0), at(0.5, new int[W * H], new int[W * H]));
	}

	@Test
	void thresholdsBelowOneHalfAreRefused() {
		VisionJException e = assertThrows(VisionJException.class, () -> at(0.3, new int[W * H], new int[W * H]));
		assertEquals("The IoU threshold 0.3 is not supported; use thresholds between 0.5 and 1, where matches are unique.",
			e.getMessage());
	}
}
