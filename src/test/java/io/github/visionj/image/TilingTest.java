package io.github.visionj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TilingTest {

	@Test
	void tilesCoverTheAxisOnceAndReadInsideTheImage() {
		AxisTiling t = new AxisTiling(100, 32, 4); // inner step 24
		assertEquals(24, t.step());
		assertEquals(5, t.count());
		long covered = 0;
		for (int k = 0; k < t.count(); k++) {
			assertEquals(covered, t.innerStart(k));
			covered = t.innerEnd(k);
			long read = t.readStart(k);
			assertTrue(read >= 0 && read + 32 <= 100, "tile " + k + " reads " + read);
			// a pixel has halo pixels of context inside the tile unless it is at the image border
			assertTrue(t.innerStart(k) - read >= 4 || read == 0);
			assertTrue(read + 32 - t.innerEnd(k) >= 4 || read + 32 == 100);
		}
		assertEquals(100, covered);
		assertEquals(68, t.readStart(4)); // shifted back from 96 - 4 to stay inside
	}

	@Test
	void anAxisSmallerThanOneTileIsOneTileFromZero() {
		AxisTiling t = new AxisTiling(10, 16, 4);
		assertEquals(1, t.count());
		assertEquals(0, t.readStart(0));
		assertEquals(10, t.innerEnd(0));
	}

	@Test
	void regionsReflectAtTheBorderWithoutRepeatingIt() {
		FloatTensor src = new FloatTensor(new float[] { 0, 1, 2, 3 }, 1, 4);
		FloatTensor dst = FloatTensor.zeros(1, 8);
		TensorRegions.copy(src, new long[] { 0, -2 }, dst, new long[2], new long[] { 1, 8 });
		assertArrayEquals(new float[] { 2, 1, 0, 1, 2, 3, 2, 1 }, dst.data());
	}

	@Test
	void permuteMovesValuesWithTheirAxes() {
		FloatTensor t = new FloatTensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3); // [[1,2,3],[4,5,6]]
		FloatTensor p = Tensors.permute(t, new int[] { 1, 0 });
		assertArrayEquals(new long[] { 3, 2 }, p.shape());
		assertArrayEquals(new float[] { 1, 4, 2, 5, 3, 6 }, p.data());
	}

	@Test
	void resizeKeepsConstantsAndInterpolatesAtPixelCentres() {
		FloatTensor t = new FloatTensor(new float[] { 0, 4 }, 1, 1, 2);
		FloatTensor r = Tensors.resize(t, 1, 4);
		assertArrayEquals(new float[] { 0, 1, 3, 4 }, r.data(), 1e-6f);
		FloatTensor c = Tensors.resize(new FloatTensor(new float[] { 7, 7, 7, 7 }, 2, 2), 5, 3);
		for (float v : c.data())
			assertEquals(7, v, 1e-6);
	}
}
