package io.github.visionj.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;

/** Regions of an image in memory are views of the right pixels, whatever the image's axis order. */
class ImageRegionsTest {

	@Test
	void aRegionOfOnePlaneHasItsPixelsAndChannels() {
		// axes C, X, Y, Z: 2 channels, 5 x 4 pixels, 3 slices; value = 1000 c + 100 z + 10 y + x
		int c = 2, w = 5, h = 4, d = 3;
		float[] data = new float[c * w * h * d];
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					for (int ch = 0; ch < c; ch++)
						data[((z * h + y) * w + x) * c + ch] = 1000 * ch + 100 * z + 10 * y + x;
		ImageRegions source = new ImageRegions(new AxisImage<>(ArrayImgs.floats(data, c, w, h, d), List.of(Axis.C, Axis.X, Axis.Y,
			Axis.Z), Calibration.NONE));
		assertEquals(List.of(5L, 4L, 2, 3, 1, 32), List.of(source.width(), source.height(), source.channels(), source.slices(),
			source.frames(), source.bitsPerSample()));
		AxisImage<?> region = source.read(1, 2, 3, 2, 2, 0);
		assertEquals(List.of(Axis.C, Axis.X, Axis.Y), region.axes());
		assertEquals(List.of(2L, 3L, 2L), List.of(region.size(Axis.C), region.size(Axis.X), region.size(Axis.Y)));
		RandomAccess<? extends RealType<?>> at = region.data().randomAccess();
		for (int ch = 0; ch < 2; ch++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 3; x++) {
					at.setPosition(new long[] { ch, x, y });
					assertEquals(1000 * ch + 200 + 10 * (y + 2) + x + 1, at.get().getRealFloat(), 0);
				}
	}

	@Test
	void bitsPerSampleFollowThePixelType() {
		List<Axis> xy = List.of(Axis.X, Axis.Y);
		assertEquals(8, new ImageRegions(new AxisImage<>(ArrayImgs.unsignedBytes(4, 4), xy, Calibration.NONE)).bitsPerSample());
		assertEquals(16, new ImageRegions(new AxisImage<>(ArrayImgs.unsignedShorts(4, 4), xy, Calibration.NONE)).bitsPerSample());
		// a single channel is dropped, so a region has X and Y only
		AxisImage<?> one = new ImageRegions(new AxisImage<>(ArrayImgs.unsignedBytes(4, 4, 1), List.of(Axis.X, Axis.Y, Axis.C),
			Calibration.NONE)).read(0, 0, 2, 2, 0, 0);
		assertEquals(List.of(Axis.X, Axis.Y), one.axes());
	}
}
