package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.Decoders;
import io.github.visionj.decode.Detection;
import io.github.visionj.image.AxisImage;
import io.github.visionj.model.ModelDescription;
import net.imglib2.type.numeric.real.FloatType;

class ObjectDetectionTest {

	private static List<Detection> detect(String model, int tileSize, AxisImage<?> image) {
		ModelRunner runner = TestModels.runner(model, tileSize);
		ModelDescription d = runner.description();
		List<PlaneResult<List<Detection>>> planes = ObjectDetection.detect(runner, image, Decoders.byKey(d.visionj().decoder()),
			d.visionj().defaults());
		assertEquals(1, planes.size());
		return planes.get(0).result();
	}

	/**
	 * The fixed detector sees a 128x64 image letterboxed into 64x64: scaled by 1/2 and padded by
	 * 16 rows above. Its boxes (cx, cy, w, h) = (16, 16, 8, 8) and (40, 20, 10, 6) map back to
	 * x = 2 (cx - w/2), y = 2 (cy - h/2 - 16), w and h doubled; the first is clipped at the top.
	 */
	@Test
	void letterboxedBoxesMapBackToTheImageExactly() {
		for (String model : new String[] { "fixed-boxes-yolov8", "fixed-boxes-yolov5" }) {
			List<Detection> found = detect(model, 0, TestModels.random(1, List.of(io.github.visionj.image.Axis.X,
				io.github.visionj.image.Axis.Y), 128, 64));
			assertEquals(List.of(new Detection(24, 0, 16, 8, 0, 0.9f), new Detection(70, 2, 20, 12, 1, 0.8f)), found, model);
		}
	}

	/**
	 * One bright pixel per spot; the spot detector answers with an 8x8 box around each at its
	 * 4-pixel grid. In 32-pixel tiles the spot at x = 22 is seen by two overlapping tiles but
	 * reported once; the spot at (90, 54) lies in the last, shifted tile of both axes.
	 */
	@Test
	void tiledDetectionsAreMergedWithoutDuplicates() {
		float[] pixels = new float[100 * 60];
		int[][] spots = { { 22, 10 }, { 50, 34 }, { 90, 54 }, { 22, 22 } };
		for (int[] s : spots)
			pixels[s[1] * 100 + s[0]] = 1;
		AxisImage<FloatType> image = TestModels.image(pixels, 100, 60);
		List<Detection> whole = detect("spot-detector", 0, image);
		List<Detection> tiled = detect("spot-detector", 32, image);
		assertEquals(4, whole.size());
		assertEquals(sorted(whole), sorted(tiled));
		for (int[] s : spots)
			assertEquals(1, tiled.stream().filter(d -> d.x() == s[0] - 3.5 && d.y() == s[1] - 3.5 && d.width() == 8 &&
				d.height() == 8 && d.score() == 1f).count(), "spot at " + s[0] + ", " + s[1]);
	}

	/**
	 * Two tiles of a 100-pixel-wide plane answer for x in [0, 50) and [50, 100). A nucleus cut by
	 * the top or left border may be predicted as a box centred outside the plane: the border tile
	 * still reports it, once. In a plane smaller than its tile (padded at its end by reflection),
	 * a box centred in the padding is a mirror image and is dropped.
	 */
	@Test
	void eachBoxIsReportedByOneTileEvenWhenCentredOutsideThePlane() {
		TileOutput left = new TileOutput(null, 0, 0, 0, 0, 50, 60, false, false);
		TileOutput right = new TileOutput(null, 34, 0, 50, 0, 100, 60, false, false);
		Detection cutAtTop = new Detection(20, -14, 10, 20, 0, 1); // centre y = -4
		Detection cutAtRight = new Detection(96, 20, 10, 8, 0, 1); // centre x = 101
		Detection straddling = new Detection(45, 20, 10, 8, 0, 1); // centre x = 50
		for (Detection box : List.of(cutAtTop, cutAtRight, straddling))
			assertEquals(1, (ObjectDetection.answersFor(left, box, 100, 60) ? 1 : 0) +
				(ObjectDetection.answersFor(right, box, 100, 60) ? 1 : 0), box.toString());
		assertEquals(true, ObjectDetection.answersFor(left, cutAtTop, 100, 60));
		assertEquals(true, ObjectDetection.answersFor(right, straddling, 100, 60));

		TileOutput padded = new TileOutput(null, 0, 0, 0, 0, 30, 60, true, false);
		assertEquals(false, ObjectDetection.answersFor(padded, new Detection(26, 20, 8, 8, 0, 1), 30, 60)); // centre x = 30
		assertEquals(true, ObjectDetection.answersFor(padded, new Detection(25, 20, 8, 8, 0, 1), 30, 60));
		assertEquals(true, ObjectDetection.answersFor(padded, new Detection(-5, 20, 8, 8, 0, 1), 30, 60));
	}

	/**
	 * Spot detector on a 30-pixel-wide plane, padded to 32 by reflection: the spot at x = 28 is seen
	 * again at x = 30 in the padding, where the detector scores it. Only the real spot could be
	 * reported, and at x = 28 the detector does not look, so nothing is found.
	 */
	@Test
	void mirrorImagesInThePaddingAreNotReported() {
		float[] pixels = new float[30 * 32];
		pixels[10 * 30 + 28] = 1;
		assertEquals(List.of(), detect("spot-detector", 0, TestModels.image(pixels, 30, 32)));
		pixels[10 * 30 + 26] = 1;
		assertEquals(1, detect("spot-detector", 0, TestModels.image(pixels, 30, 32)).size());
	}

	private static List<Detection> sorted(List<Detection> d) {
		return d.stream().sorted(java.util.Comparator.comparingDouble(Detection::x).thenComparingDouble(Detection::y)).toList();
	}

	@Test
	void anInstanceModelAnswersWithTheBoxesOfItsObjects() {
		float[] pixels = new float[64 * 48];
		for (int y = 10; y < 20; y++)
			for (int x = 5; x < 25; x++)
				pixels[y * 64 + x] = 1;
		ModelRunner runner = TestModels.runner("tiny-conv", 0);
		// tiny-conv's class-argmax output, decoded as objects: every connected "bright" region is one box
		List<PlaneResult<List<Detection>>> planes = ObjectDetection.detect(runner, TestModels.image(pixels, 64, 48),
			Decoders.byKey("class-argmax"), DecoderSettings.DEFAULTS.withMinSize(0));
		for (Detection d : planes.get(0).result()) {
			assertEquals(0, d.classIndex());
			assertEquals(true, d.x() >= 0 && d.y() >= 0 && d.x() + d.width() <= 64 && d.y() + d.height() <= 48);
		}
	}
}
