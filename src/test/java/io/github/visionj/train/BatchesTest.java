package io.github.visionj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.image.FloatTensor;

/**
 * The targets of a mirrored or rotated crop are the targets of the mirrored or rotated labels: the
 * crop covers the whole label image here, so both see the same objects and the same border.
 */
class BatchesTest {

	@Test
	void targetsFollowTheirCropThroughEveryMirror() {
		int n = 48, rays = 32;
		ImagePlus imp = IJ.openImage("src/test/resources/dsb2018/histology_labels.tif");
		int[] labels = new int[n * n];
		float[] asInput = new float[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				asInput[y * n + x] = labels[y * n + x] = (int) imp.getProcessor().getf(x, 200 + y);
		Objective objective = Objective.of("star-convex", 1 + rays);
		Batches.Sample sample = new Batches.Sample(new FloatTensor(asInput, 1, n, n), objective.targets(labels, n, n), n, n);
		for (int grid : new int[] { 1, 2 }) {
			Batches batches = new Batches(List.of(sample), objective, n, grid, 0);
			int o = n / grid;
			for (int m = 0; m < 8; m++) {
				float[] input = new float[n * n], target = new float[objective.targetChannels() * o * o];
				batches.apply(sample, new Batches.Augmentation(0, 0, (m & 1) != 0, (m & 2) != 0, (m & 4) != 0, 1, 0, 0), input, 0, target, 0);
				int[] mirrored = new int[n * n];
				for (int i = 0; i < mirrored.length; i++)
					mirrored[i] = (int) input[i];
				float[][] expected = objective.targets(mirrored, n, n);
				int off = 0;
				for (int ch = 0; ch < objective.targetChannels(); ch++)
					for (int i = 0; i < o; i++)
						for (int j = 0; j < o; j++)
							if (Math.abs(target[(ch * o + i) * o + j] - expected[ch][(i * grid) * n + j * grid]) > 1e-3) off++;
				// rounding ties along a ray may fall the other way in a mirror image: almost all values agree
				assertTrue(off < objective.targetChannels() * o * o / 1000, "grid " + grid + ", mirror " + m + ": " + off + " values differ");
			}
		}
		assertEquals(34, objective.targetChannels());
	}
}
