package io.github.visionj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.Calibration;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

class SplitTest {

	/** An image whose pixel (x, y) and label are 1000 y + x. */
	private static Annotated ramp(String name, int w, int h) {
		float[] pixels = new float[w * h];
		int[] labels = new int[w * h];
		for (int i = 0; i < pixels.length; i++) {
			labels[i] = 1000 * (i / w) + i % w;
			pixels[i] = labels[i];
		}
		return new Annotated(name, new AxisImage<>(ArrayImgs.floats(pixels, w, h), List.of(Axis.X, Axis.Y), Calibration.NONE), labels);
	}

	private static float at(Annotated a, int x, int y) {
		@SuppressWarnings("unchecked")
		RandomAccess<FloatType> r = ((AxisImage<FloatType>) a.image()).data().randomAccess();
		return r.setPositionAndGet(x, y).get();
	}

	@Test
	void oneImageIsCutAcrossItsLongerSideAndItsEndValidates() {
		Split wide = Split.of(List.of(ramp("a", 400, 100)), 0.2);
		Annotated train = wide.train().get(0), val = wide.validation().get(0);
		assertEquals(List.of("a (x 0-319)", "a (x 320-399)"), List.of(train.name(), val.name()));
		assertEquals(List.of(320, 100, 80, 100), List.of(train.width(), train.height(), val.width(), val.height()));
		assertEquals(List.of(99319f, 320f, 99399f), List.of(at(train, 319, 99), at(val, 0, 0), at(val, 79, 99)));
		assertEquals(List.of(99319, 320, 99399), List.of(train.labels()[99 * 320 + 319], val.labels()[0], val.labels()[99 * 80 + 79]));

		Split tall = Split.of(List.of(ramp("b", 100, 300)), 0.3);
		assertEquals(List.of("b (y 0-209)", "b (y 210-299)"), List.of(tall.train().get(0).name(), tall.validation().get(0).name()));
		assertEquals(List.of(100, 90), List.of(tall.validation().get(0).width(), tall.validation().get(0).height()));
		assertEquals(210000f, at(tall.validation().get(0), 0, 0));
		assertEquals(210000, tall.validation().get(0).labels()[0]);
	}

	@Test
	void eachPartOfOneImageHasAtLeast64Pixels() {
		assertEquals(List.of("c (x 0-135)", "c (x 136-199)"), names(Split.of(List.of(ramp("c", 200, 100)), 0.2)));
		assertEquals(List.of("c (x 0-63)", "c (x 64-199)"), names(Split.of(List.of(ramp("c", 200, 100)), 0.9)));
		assertEquals("The image d is 127x100 pixels, too small to split into a training and a validation part of at least 64 pixels " +
			"each; give an image at least 128 pixels wide or several images.",
			assertThrows(VisionJException.class, () -> Split.of(List.of(ramp("d", 127, 100)), 0.2)).getMessage());
		Annotated empty = new Annotated("e", ramp("e", 200, 100).image(), new int[200 * 100]);
		empty.labels()[0] = 1;
		assertEquals("The part e (x 136-199) of the image, kept for validation, has no objects; annotate objects all over the image, or " +
			"give several images.", assertThrows(VisionJException.class, () -> Split.of(List.of(empty), 0.2)).getMessage());
	}

	private static List<String> names(Split s) {
		return List.of(s.train().get(0).name(), s.validation().get(0).name());
	}

	@Test
	void ofSeveralImagesAPartValidatesDrawnWithAFixedSeed() {
		List<Annotated> images = new ArrayList<>();
		for (int i = 0; i < 10; i++)
			images.add(ramp("i" + i, 4, 4));
		Split s = Split.of(images, 0.2), again = Split.of(images, 0.2);
		assertEquals(2, s.validation().size());
		assertEquals(8, s.train().size());
		assertEquals(s.validation(), again.validation());
		List<Annotated> all = new ArrayList<>(s.train());
		all.addAll(s.validation());
		assertEquals(10, all.stream().distinct().count());
		assertArrayEquals(s.train().stream().sorted((x, y) -> x.name().compareTo(y.name())).toArray(), s.train().toArray());
		assertEquals(1, Split.of(images.subList(0, 2), 0.5).validation().size());
		assertEquals(1, Split.of(images.subList(0, 2), 0.05).validation().size());
	}
}
