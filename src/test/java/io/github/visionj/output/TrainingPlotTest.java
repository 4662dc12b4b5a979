package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import ij.gui.Plot;

class TrainingPlotTest {

	@Test
	void theLossRelativeToTheFirstStepAndTheValidationAp50AgainstTheIteration() {
		TrainingPlot p = new TrainingPlot();
		p.validated(0, 0.4);
		Plot before = p.plot();
		assertArrayEquals(new float[] { 0 }, before.getDataObjectArrays(0)[0]);
		assertArrayEquals(new float[] { 0.4f }, before.getDataObjectArrays(0)[1]);

		p.step(1, 2.0);
		p.step(2, 3.0);
		p.step(3, 0.5);
		p.validated(3, 0.6);
		Plot plot = p.plot();
		assertArrayEquals(new float[] { 1, 2, 3 }, plot.getDataObjectArrays(0)[0]);
		assertArrayEquals(new float[] { 1, 1.5f, 0.25f }, plot.getDataObjectArrays(0)[1]);
		assertArrayEquals(new float[] { 0, 3 }, plot.getDataObjectArrays(1)[0]);
		assertArrayEquals(new float[] { 0.4f, 0.6f }, plot.getDataObjectArrays(1)[1]);
		assertArrayEquals(new double[] { 0, 3, 0, 1.5 * 1.05 }, plot.getLimits(), 1e-6);
		assertEquals(TrainingPlot.TITLE, plot.getTitle());
	}
}
