package io.github.visionj.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

class YoloDecoderTest {

	/** Four candidates (cx, cy, w, h, class 0 score, class 1 score). */
	private static final float[][] BOXES = {
		{ 10, 10, 4, 6, 0.9f, 0.1f }, // kept
		{ 11, 10, 4, 6, 0.8f, 0.1f }, // IoU 18/30 with the first, same class: suppressed
		{ 11, 11, 4, 6, 0.1f, 0.6f }, // overlaps the first but another class: kept
		{ 30, 30, 10, 10, 0.2f, 0.1f } }; // below the score threshold

	private static final List<Detection> EXPECTED = List.of(
		new Detection(8, 7, 4, 6, 0, 0.9f),
		new Detection(9, 8, 4, 6, 1, 0.6f));

	@Test
	void yolov8ColumnsDecodeToExactBoxes() {
		int n = BOXES.length;
		float[] data = new float[6 * n];
		for (int b = 0; b < n; b++)
			for (int r = 0; r < 6; r++)
				data[r * n + b] = BOXES[b][r];
		assertEquals(EXPECTED, new YoloV8Decoder().decodeDetections(new FloatTensor(data, 1, 6, n), DecoderSettings.DEFAULTS));
	}

	@Test
	void yolov5RowsDecodeToExactBoxesScoredByObjectness() {
		int n = BOXES.length;
		float[] data = new float[7 * n];
		for (int b = 0; b < n; b++) {
			System.arraycopy(BOXES[b], 0, data, b * 7, 4);
			data[b * 7 + 4] = 0.5f;
			System.arraycopy(BOXES[b], 4, data, b * 7 + 5, 2);
		}
		DecoderSettings settings = DecoderSettings.DEFAULTS.withScore(0.25);
		assertEquals(List.of(new Detection(8, 7, 4, 6, 0, 0.45f), new Detection(9, 8, 4, 6, 1, 0.3f)),
			new YoloV5Decoder().decodeDetections(new FloatTensor(data, 1, n, 7), settings));
	}

	@Test
	void atMostMaxDetectionsAreKept() {
		List<Detection> boxes = List.of(new Detection(0, 0, 1, 1, 0, 0.5f), new Detection(5, 5, 1, 1, 0, 0.9f),
			new Detection(9, 9, 1, 1, 0, 0.7f));
		assertEquals(List.of(boxes.get(1), boxes.get(2)), Boxes.nms(boxes, 0.5, 2));
	}

	@Test
	void gridNmsEqualsAllPairsNms() {
		Random random = new Random(7);
		List<Detection> boxes = new ArrayList<>();
		for (int i = 0; i < 5000; i++)
			boxes.add(new Detection(random.nextDouble() * 1000 - 50, random.nextDouble() * 800, 5 + random.nextDouble() * 40,
				5 + random.nextDouble() * 40, random.nextInt(3), random.nextFloat()));
		assertEquals(allPairsNms(boxes, 0.4, 1000), Boxes.nms(boxes, 0.4, 1000));
	}

	private static List<Detection> allPairsNms(List<Detection> boxes, double iou, int max) {
		List<Detection> sorted = new ArrayList<>(boxes);
		sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
		List<Detection> kept = new ArrayList<>();
		for (Detection d : sorted)
			if (kept.size() < max && kept.stream().noneMatch(k -> k.classIndex() == d.classIndex() && k.iou(d) > iou)) kept.add(d);
		return kept;
	}

	@Test
	void wrongLayoutsAreNamed() {
		VisionJException v8 = assertThrows(VisionJException.class,
			() -> new YoloV8Decoder().decodeDetections(FloatTensor.zeros(1, 4, 100), DecoderSettings.DEFAULTS));
		assertEquals("Decoder 'yolov8' expects an output of shape [1, 4 + K, N] (cx, cy, w, h, then K class scores, for N boxes)" +
			" but the model gave [1, 4, 100]; a YOLOv5-style output [1, N, 5 + K] needs decoder 'yolov5'.", v8.getMessage());
		VisionJException v5 = assertThrows(VisionJException.class,
			() -> new YoloV5Decoder().decodeDetections(FloatTensor.zeros(2, 100, 85), DecoderSettings.DEFAULTS));
		assertEquals("Decoder 'yolov5' expects an output of shape [1, N, 5 + K] (cx, cy, w, h, objectness, then K class scores, for N boxes)" +
			" but the model gave [2, 100, 85]; a YOLOv8-style output [1, 4 + K, N] needs decoder 'yolov8'.", v5.getMessage());
	}

	@Test
	void noCandidatesGiveNoBoxes() {
		assertEquals(List.of(), new YoloV8Decoder().decodeDetections(FloatTensor.zeros(1, 84, 8400), DecoderSettings.DEFAULTS));
	}
}
