package io.github.visionj.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.visionj.decode.Detection;

class EvaluationTest {

	@Test
	void boxesMatchByIouWithinTheirClass() {
		List<Detection> truth = List.of(new Detection(0, 0, 10, 10, 0, 1), new Detection(20, 0, 10, 10, 0, 1),
			new Detection(40, 0, 10, 10, 1, 1));
		List<Detection> predicted = List.of(
			new Detection(2, 0, 10, 10, 0, 0.9f), // IoU 80/120 with the first
			new Detection(20, 0, 10, 10, 1, 0.8f), // right place, wrong class
			new Detection(40, 0, 10, 10, 1, 0.7f)); // exact
		List<Scores> s = BoxMatching.scores(truth, predicted, 0.5, 0.7);
		assertEquals(new Scores(0.5, 2, 1, 1, 2.0 / 3 + 1), s.get(0));
		assertEquals(0.5, s.get(0).ap());
		assertEquals(new Scores(0.7, 1, 2, 2, 1), s.get(1));
	}

	@Test
	void totalsSumCountsOverImages() {
		int[] one = { 1, 1, 0, 2 }, none = new int[4];
		Evaluation evaluation = new Evaluation(0.5);
		evaluation.addInstances("perfect.tif", one, one, 2, 2);
		evaluation.addInstances("missed, all.tif", one, none, 2, 2);
		Scores total = evaluation.total().get(0);
		assertEquals(new Scores(0.5, 2, 0, 2, 2), total);
		assertEquals(1.0, total.meanMatchedIou());
		assertEquals(0.5, total.ap());
		assertEquals("image,threshold,tp,fp,fn,precision,recall,f1,ap,mean_matched_iou,panoptic_quality\n" +
			"perfect.tif,0.50,2,0,0,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000\n" +
			"\"missed, all.tif\",0.50,0,0,2,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000\n" +
			"all,0.50,2,0,2,1.0000,0.5000,0.6667,0.5000,1.0000,0.6667\n", evaluation.csv());
		assertEquals(String.format("VisionJ evaluation of 2 image(s):%n") +
			"  IoU    TP    FP    FN  precision  recall     F1     AP     PQ\n" +
			String.format("  0.50     2     0     2     1.000   0.500  0.667  0.500  0.667%n"), evaluation.summary(2));
	}
}
