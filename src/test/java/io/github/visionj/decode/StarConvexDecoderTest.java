package io.github.visionj.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

class StarConvexDecoderTest {

	private final StarConvexDecoder decoder = new StarConvexDecoder();

	@Test
	void roundTripRecoversTouchingAndOverlappingObjects() {
		int[] truth = Synthetic.scene();
		Instances decoded = decoder.decodeInstances(Synthetic.starConvex(truth, 32), DecoderSettings.DEFAULTS.withProbability(0.4));
		assertEquals(8, decoded.count());
		Synthetic.assertRecovered(truth, decoded.labels(), 0.9);
	}

	/**
	 * 8 rays of lengths d, d√2, d, … from pixel (x, y) make the square [x − d, x + d]²; with d a
	 * half-integer its sides lie between pixel centres, so it holds exactly 2d × 2d pixels.
	 * Candidates come from even rows and columns only.
	 */
	@Test
	void squaresDecodeToExactPixelsAndDuplicatesAreSuppressed() {
		int w = 40, h = 30;
		FloatTensor maps = new FloatTensor(new float[9 * w * h], 9, h, w);
		square(maps, 10, 10, 4.5f, 0.9f); // A: pixels 6..14 × 6..14
		square(maps, 30, 14, 5.5f, 0.8f); // B: pixels 25..35 × 9..19
		square(maps, 12, 10, 4.5f, 0.7f); // A shifted by two: overlap 63/81 with A, suppressed
		square(maps, 18, 10, 4.5f, 0.6f); // C: overlap 9/81 with A, kept, loses the shared column to A
		square(maps, 21, 21, 4.5f, 0.95f); // off the candidate grid (odd x and y): never proposed
		Instances decoded = decoder.decodeInstances(maps, DecoderSettings.DEFAULTS.withMinSize(0));

		int[] expected = new int[w * h];
		fill(expected, w, 6, 6, 15, 15, 1);
		fill(expected, w, 25, 9, 36, 20, 2);
		fill(expected, w, 15, 6, 23, 15, 3);
		assertArrayEquals(expected, decoded.labels());
		assertEquals(List.of(new Instance(1, 0, 0.9f), new Instance(2, 0, 0.8f), new Instance(3, 0, 0.6f)), decoded.objects());

		Instances withoutSmall = decoder.decodeInstances(maps, DecoderSettings.DEFAULTS.withMinSize(80));
		assertEquals(List.of(new Instance(1, 0, 0.9f), new Instance(2, 0, 0.8f)), withoutSmall.objects());
	}

	/**
	 * The same squares given on an output grid of 2 (a value per 2x2 pixels, at the even pixels of a
	 * 39x29 plane, so the maps are 20x15) decode to the same objects: the decoder reads only
	 * the even pixels anyway.
	 */
	@Test
	void mapsOnACoarserGridDecodeLikeFullMaps() {
		int w = 39, h = 29;
		FloatTensor full = new FloatTensor(new float[9 * 40 * 30], 9, 30, 40);
		square(full, 10, 10, 4.5f, 0.9f);
		square(full, 30, 14, 5.5f, 0.8f);
		square(full, 12, 10, 4.5f, 0.7f);
		square(full, 18, 10, 4.5f, 0.6f);
		square(full, 20, 28, 4.5f, 0.9f); // on the last row of the plane
		square(full, 38, 28, 4.5f, 0.85f); // in its last column
		FloatTensor coarse = new FloatTensor(new float[9 * 20 * 15], 9, 15, 20);
		for (int c = 0; c < 9; c++)
			for (int y = 0; y < 15; y++)
				for (int x = 0; x < 20; x++)
					coarse.data()[(c * 15 + y) * 20 + x] = full.data()[(c * 30 + 2 * y) * 40 + 2 * x];
		FloatTensor cropped = new FloatTensor(new float[9 * w * h], 9, h, w);
		for (int c = 0; c < 9; c++)
			for (int y = 0; y < h; y++)
				System.arraycopy(full.data(), (c * 30 + y) * 40, cropped.data(), (c * h + y) * w, w);
		DecoderSettings settings = DecoderSettings.DEFAULTS.withMinSize(0);
		Instances expected = decoder.decodeInstances(cropped, settings);
		Instances onGrid = decoder.decodeInstances(coarse, 2, w, h, settings);
		assertEquals(5, expected.count());
		assertArrayEquals(expected.labels(), onGrid.labels());
		assertEquals(expected.objects(), onGrid.objects());

		// a decoder that needs a value per pixel reads the coarse maps interpolated: map pixel (i, j) at plane pixel (2i, 2j)
		FloatTensor threeClass = new FloatTensor(new float[3 * 4 * 4], 3, 4, 4);
		for (int i = 0; i < 16; i++) {
			boolean inside = i / 4 >= 1 && i / 4 <= 2 && i % 4 >= 1 && i % 4 <= 2;
			threeClass.data()[(inside ? 16 : 0) + i] = 1;
		}
		int[] labels = new ThreeClassDecoder().decodeInstances(threeClass, 2, 8, 8, settings).labels();
		assertEquals(64, labels.length);
		assertEquals(1, java.util.Arrays.stream(labels).max().getAsInt());
		for (int p : new int[] { 2 * 8 + 2, 4 * 8 + 4, 3 * 8 + 3 })
			assertEquals(1, labels[p], "pixel " + p);
		for (int p : new int[] { 0, 7 * 8 + 7, 7, 7 * 8 })
			assertEquals(0, labels[p], "pixel " + p);
	}

	private static void square(FloatTensor maps, int x, int y, float d, float probability) {
		int w = (int) maps.dim(2), h = (int) maps.dim(1);
		maps.data()[y * w + x] = probability;
		for (int k = 0; k < 8; k++)
			maps.data()[((1 + k) * h + y) * w + x] = k % 2 == 0 ? d : (float) (d * Math.sqrt(2));
	}

	/** Sets [x0, x1) × [y0, y1) to label. */
	private static void fill(int[] labels, int w, int x0, int y0, int x1, int y1, int label) {
		for (int y = y0; y < y1; y++)
			for (int x = x0; x < x1; x++)
				labels[y * w + x] = label;
	}

	@Test
	void gridAndAllPairsNmsKeepTheSamePolygons() {
		Random random = new Random(42);
		int size = 300;
		List<StarPolygon> candidates = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			float[] rays = new float[16];
			double radius = 3 + 12 * random.nextDouble();
			for (int k = 0; k < rays.length; k++)
				rays[k] = (float) (radius * (0.7 + 0.6 * random.nextDouble()));
			candidates.add(StarPolygon.ofRays(random.nextInt(size), random.nextInt(size), rays, random.nextFloat(), size, size));
		}
		candidates.sort(Comparator.comparingDouble(StarPolygon::probability).reversed());
		List<StarPolygon> withGrid = PolygonNms.suppress(candidates.size(), candidates::get, 0.3,
			new BoxGrid(0, 0, size, size, 20));
		List<StarPolygon> allPairs = PolygonNms.suppress(candidates.size(), candidates::get, 0.3,
			new BoxGrid(0, 0, size, size, Double.MAX_VALUE));
		assertEquals(allPairs, withGrid);
		assertTrue(withGrid.size() > 100 && withGrid.size() < 2000, withGrid.size() + " kept");
	}

	@Test
	void polygonOverlapIsCountedExactly() {
		int[] a = new int[400], b = new int[400];
		StarPolygon p = StarPolygon.ofRays(8, 8, new float[] { 5, 3, 6, 2, 5, 4, 7, 3 }, 1, 20, 20);
		StarPolygon q = StarPolygon.ofRays(11, 10, new float[] { 4, 6, 2, 5, 4, 3, 5, 6 }, 1, 20, 20);
		p.paint(a, 20, 1);
		q.paint(b, 20, 1);
		int shared = 0, areaA = 0;
		for (int i = 0; i < 400; i++) {
			shared += a[i] & b[i];
			areaA += a[i];
		}
		assertNotEquals(0, shared);
		assertEquals(shared, p.intersection(q));
		assertEquals(areaA, p.area());
	}

	/**
	 * The rays of a mirrored scene, mirrored back and permuted by the decoder's rule, are the rays
	 * of the scene itself (up to the marching's rounding); left in place they are not.
	 */
	@Test
	void raysOfAMirroredSceneMapBackOntoTheScenesRays() {
		int w = Synthetic.WIDTH, h = Synthetic.HEIGHT, rays = 32;
		int[] scene = Synthetic.scene();
		FloatTensor maps = Synthetic.starConvex(scene, rays);
		int[] identity = new int[rays + 1];
		for (int c = 0; c <= rays; c++)
			identity[c] = c;
		for (int copy = 1; copy < 4; copy++) {
			boolean fx = (copy & 1) != 0, fy = (copy & 2) != 0;
			int[] mirroredScene = new int[scene.length];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					mirroredScene[(fy ? h - 1 - y : y) * w + (fx ? w - 1 - x : x)] = scene[y * w + x];
			FloatTensor mirrored = Synthetic.starConvex(mirroredScene, rays);
			int[] source = decoder.channelsUnderFlip(rays + 1, fx, fy);
			assertEquals(0, source[0]);
			assertTrue(mismatches(maps, mirrored, source, fx, fy) < 0.01, "mirror " + copy);
			assertTrue(mismatches(maps, mirrored, identity, fx, fy) > 0.3, "mirror " + copy + " without permutation");
		}
		assertEquals("This star-convex model has 7 rays, an odd number, so its rays do not map onto each other in a mirror " +
			"image; run it without augmentation.", assertThrows(VisionJException.class,
				() -> decoder.channelsUnderFlip(8, true, false)).getMessage());
	}

	/** The fraction of ray values inside objects that differ by more than a pixel from their mirrored counterpart. */
	private static double mismatches(FloatTensor maps, FloatTensor mirrored, int[] source, boolean fx, boolean fy) {
		int h = (int) maps.dim(1), w = (int) maps.dim(2), n = w * h, count = 0, wrong = 0;
		for (int c = 1; c < source.length; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					float value = maps.data()[c * n + y * w + x];
					if (value == 0) continue;
					float back = mirrored.data()[source[c] * n + (fy ? h - 1 - y : y) * w + (fx ? w - 1 - x : x)];
					count++;
					if (Math.abs(value - back) > 1) wrong++;
				}
		return (double) wrong / count;
	}

	@Test
	void emptyMapsGiveNoObjects() {
		Instances decoded = decoder.decodeInstances(FloatTensor.zeros(33, 16, 16), DecoderSettings.DEFAULTS);
		assertEquals(0, decoded.count());
		assertArrayEquals(new int[256], decoded.labels());
	}

	@Test
	void tooFewChannelsAreNamed() {
		VisionJException e = assertThrows(VisionJException.class,
			() -> decoder.decodeInstances(FloatTensor.zeros(2, 10, 10), DecoderSettings.DEFAULTS));
		assertEquals("Decoder 'star-convex' expects an output of shape [1 + R, height, width] (probability, then R ≥ 3 ray distances)" +
			" but the model gave [2, 10, 10]; pick the decoder that matches the model's output.", e.getMessage());
	}
}
