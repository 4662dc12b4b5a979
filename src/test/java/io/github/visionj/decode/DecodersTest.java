package io.github.visionj.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;

class DecodersTest {

	@Test
	void everyDecoderIsFoundByItsKey() {
		assertEquals(List.of("class-argmax", "class-scores", "foreground", "label-image", "star-convex", "three-class",
			"yolov5", "yolov8"), Decoders.keys());
		for (String key : Decoders.keys())
			assertEquals(key, Decoders.byKey(key).key());
		assertInstanceOf(StarConvexDecoder.class, Decoders.require("star-convex", InstanceDecoder.class, "instance segmentation"));
	}

	@Test
	void unknownKeyListsTheKnownOnes() {
		VisionJException e = assertThrows(VisionJException.class, () -> Decoders.byKey("stardist"));
		assertEquals("Unknown decoder 'stardist'; set config.visionj.decoder to one of class-argmax, class-scores, foreground," +
			" label-image, star-convex, three-class, yolov5, yolov8.", e.getMessage());
	}

	@Test
	void missingCapabilityIsNamed() {
		VisionJException e = assertThrows(VisionJException.class,
			() -> Decoders.require("yolov8", InstanceDecoder.class, "instance segmentation"));
		assertEquals("Decoder 'yolov8' cannot do instance segmentation; it does detection, so choose a model made for" +
			" instance segmentation.", e.getMessage());
	}

	@Test
	void settingsOutOfRangeAreNamed() {
		DecoderSettings d = DecoderSettings.DEFAULTS;
		assertEquals("The probability threshold must be between 0 and 1 (exclusive), not 1.0.",
			assertThrows(VisionJException.class, () -> d.withProbability(1).check()).getMessage());
		assertEquals("The overlap (NMS) threshold must be between 0 and 1, not -0.1.",
			assertThrows(VisionJException.class, () -> d.withNmsIou(-0.1).check()).getMessage());
		assertEquals("The minimum object size in pixels must be at least 0, not -1.",
			assertThrows(VisionJException.class, () -> d.withMinSize(-1).check()).getMessage());
		assertEquals("The maximum number of detections must be at least 1, not 0.",
			assertThrows(VisionJException.class, () -> d.withMaxDetections(0).check()).getMessage());
	}

	@Test
	void theBuiltInDefaultsAreTheDeclaredOnes() {
		assertEquals(new DecoderSettings(0.5, 0.3, 0.25, 3000, 10, false), DecoderSettings.DEFAULTS);
		for (DecoderSettings.Setting s : DecoderSettings.Setting.values())
			assertEquals(s.builtIn(), s.of(DecoderSettings.DEFAULTS), s.key());
		assertEquals(0.7, DecoderSettings.DEFAULTS.with(DecoderSettings.Setting.OVERLAP, 0.7).nmsIou());
		assertEquals(12, DecoderSettings.DEFAULTS.with(DecoderSettings.Setting.MIN_SIZE, 12.9).minSize());
		assertTrue(DecoderSettings.DEFAULTS.with(DecoderSettings.Setting.MULTI_LABEL, 1).multiLabel());
	}

	@Test
	void boxesOfInstancesAreTheirBoundingBoxes() {
		int[] labels = {
			0, 1, 1, 0,
			0, 1, 0, 0,
			2, 0, 0, 2 };
		Instances instances = new Instances(labels, 4, 3, List.of(new Instance(1, 0, 0.9f), new Instance(2, 1, 0.4f)));
		assertEquals(List.of(new Detection(1, 0, 2, 2, 0, 0.9f), new Detection(0, 2, 4, 1, 1, 0.4f)), Boxes.boxesOf(instances));
	}
}
