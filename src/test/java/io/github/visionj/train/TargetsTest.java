package io.github.visionj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.Npy;
import io.github.visionj.train.Targets.Mirror;

/** The training targets against known values, against their mirror images, and against models/training/targets.py. */
class TargetsTest {

	private static final int R = 32;

	/** A disk of radius r (pixel centres within r of the centre) in a (2c+1)² image. */
	private static int[] disk(int c, int r) {
		int n = 2 * c + 1;
		int[] labels = new int[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				if ((y - c) * (y - c) + (x - c) * (x - c) <= r * r) labels[y * n + x] = 7;
		return labels;
	}

	@Test
	void theRaysOfADiskCentreAreItsRadius() {
		int c = 20, r = 10, n = 2 * c + 1;
		float[][] d = Targets.starDistances(disk(c, r), n, n, R);
		for (int k = 0; k < R; k++)
			assertEquals(r, d[k][c * n + c], 1.0, "ray " + k); // the disk's pixels approximate a circle within a pixel
		assertEquals(10.5, d[0][c * n + c], 1e-5); // along +x: last object pixel at +10, step back by 0.5 from +11
		assertEquals(0, d[5][0], 0); // background
	}

	@Test
	void theObjectProbabilityIsOneAtTheCentreAndFallsToTheBoundary() {
		int c = 20, r = 10, n = 2 * c + 1;
		float[] p = Targets.objectProbability(disk(c, r), n, n);
		assertEquals(1, p[c * n + c], 1e-6);
		// a boundary pixel is 1 from the background, the centre sqrt(101): pixel (1, 10) from it is the nearest outside
		assertEquals(1 / Math.sqrt(101), p[c * n + c + r], 1e-6);
		assertEquals(0, p[c * n + c + r + 1], 0);
	}

	@Test
	void threeClassesMarkWhereLabelsMeet() {
		// two 3x3 squares side by side, labels 1 and 2, in a 8x5 image
		int w = 8, h = 5;
		int[] labels = new int[w * h];
		for (int y = 1; y <= 3; y++)
			for (int x = 1; x <= 6; x++)
				labels[y * w + x] = x <= 3 ? 1 : 2;
		int[] c = Targets.threeClass(labels, w, h);
		assertArrayEquals(new int[] {
			0, 0, 0, 0, 0, 0, 0, 0,
			0, 2, 2, 2, 2, 2, 2, 0,
			0, 2, 1, 2, 2, 1, 2, 0,
			0, 2, 2, 2, 2, 2, 2, 0,
			0, 0, 0, 0, 0, 0, 0, 0 }, c);
	}

	/** The permutations Batches applies to rays: the rays of a mirrored label image are the permuted mirrored rays. */
	@Test
	void rayPermutationsMatchMirroredLabels() {
		int[] labels = sampleLabels(48);
		int n = 48;
		float[][] d = Targets.starDistances(labels, n, n, R);
		for (Mirror m : Mirror.values()) {
			int[] mirrored = new int[n * n];
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++)
					mirrored[y * n + x] = labels[source(m, y, x, n)];
			float[][] dm = Targets.starDistances(mirrored, n, n, R);
			int[] perm = Targets.rayPermutation(m, R);
			int off = 0;
			for (int k = 0; k < R; k++)
				for (int y = 0; y < n; y++)
					for (int x = 0; x < n; x++)
						if (Math.abs(dm[k][y * n + x] - d[perm[k]][source(m, y, x, n)]) > 1e-3) off++;
			// rounding ties along a ray may fall the other way in a mirror image: almost all values agree
			assertTrue(off < R * n * n / 1000, m + ": " + off + " values differ");
		}
	}

	private static int source(Mirror m, int y, int x, int n) {
		return switch (m) {
			case FLIP_X -> y * n + n - 1 - x;
			case FLIP_Y -> (n - 1 - y) * n + x;
			case TRANSPOSE -> x * n + y;
		};
	}

	/** The top-left n x n pixels of the bundled histology sample's labels. */
	private static int[] sampleLabels(int n) {
		ImagePlus imp = IJ.openImage("src/test/resources/dsb2018/histology_labels.tif");
		int[] labels = new int[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				labels[y * n + x] = (int) imp.getProcessor().getf(x, y);
		return labels;
	}

	/** The same targets as models/training/targets.py (star_dist, edt_prob) on a sample; needs Python with PyTorch and SciPy. */
	@Test
	void sameTargetsAsThePythonTraining(@TempDir Path dir) throws Exception {
		String python = "/usr/bin/python3";
		assumeTrue(Files.isExecutable(Path.of(python)), "no " + python);
		int n = 64;
		int[] labels = sampleLabels(n);
		float[] asFloat = new float[n * n];
		for (int i = 0; i < asFloat.length; i++)
			asFloat[i] = labels[i];
		Npy.write(dir.resolve("labels.npy"), new FloatTensor(asFloat, n, n));
		String script = "import sys, numpy as np, torch\n" +
			"sys.path.insert(0, 'models/training')\n" +
			"from targets import star_dist, edt_prob\n" +
			"l = np.load(sys.argv[1]).astype(np.int64)\n" +
			"np.save(sys.argv[2], star_dist(torch.from_numpy(l)).numpy().astype(np.float32))\n" +
			"np.save(sys.argv[3], edt_prob(l).astype(np.float32))\n";
		Process p = new ProcessBuilder(python, "-c", script, dir.resolve("labels.npy").toString(), dir.resolve("dist.npy").toString(),
			dir.resolve("prob.npy").toString()).redirectErrorStream(true).start();
		String log = new String(p.getInputStream().readAllBytes());
		assumeTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, "Python with torch, numpy and scipy is not usable: " + log);
		float[] dist = Npy.read(dir.resolve("dist.npy")).data(), prob = Npy.read(dir.resolve("prob.npy")).data();
		float[][] d = Targets.starDistances(labels, n, n, R);
		int off = 0;
		for (int k = 0; k < R; k++)
			for (int i = 0; i < n * n; i++)
				if (Math.abs(d[k][i] - dist[k * n * n + i]) > 1e-3) off++;
		assertTrue(off < R * n * n / 1000, off + " ray distances differ from star_dist"); // ties: Python rounds half to even
		float[] pr = Targets.objectProbability(labels, n, n);
		for (int i = 0; i < n * n; i++)
			assertEquals(prob[i], pr[i], 1e-5, "object probability at " + i);
	}
}
