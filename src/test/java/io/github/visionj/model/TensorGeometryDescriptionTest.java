package io.github.visionj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.VisionJException;

/** How sizes of output axes are read from v0.4 references (by axis letter, null = new axis) and config.visionj.output. */
class TensorGeometryDescriptionTest {

	private static final String V04 = """
		format_version: 0.4.10
		type: model
		name: v04
		inputs:
		  - {name: raw, axes: bcyx, shape: {min: [1, 3, 8, 8], step: [0, 0, 1, 1]}}
		outputs:
		  - name: out
		    axes: bczyx
		    shape: {reference_tensor: raw, scale: [1, 1, null, 0.5, 2], offset: [0, 0, 0.5, 0, -1]}
		weights:
		  torchscript:
		    source: weights.pt
		""";

	@TempDir
	Path dir;

	private ModelDescription load(String yaml) throws IOException {
		Files.writeString(dir.resolve("weights.pt"), "abc");
		Files.writeString(dir.resolve("rdf.yaml"), yaml);
		return ModelDescription.load(dir);
	}

	@Test
	void v04ReferencesNameAxesByLetterAndNullIsANewAxis() throws IOException {
		List<AxisDescription> axes = load(V04).outputs().get(0).axes();
		assertEquals(new SizeRule.Fixed(3), axes.get(1).size()); // the input's 3 channels, by reference
		assertEquals(new SizeRule.Fixed(1), axes.get(2).size()); // new axis of 2 × 0.5
		assertEquals(new SizeRule.Reference("raw", "y", 0.5, 0), axes.get(3).size());
		assertEquals(new SizeRule.Reference("raw", "x", 2, -2), axes.get(4).size());
	}

	@Test
	void aV04ReferenceToAnAxisTheTensorLacks() throws IOException {
		String message = assertThrows(VisionJException.class, () -> load(V04.replace("null", "1"))).getMessage();
		assertEquals("In the model description " + dir.resolve("rdf.yaml") + ", axis z of 'out' refers to axis z of 'raw', " +
			"which has axes bcyx; give it scale null (a new axis); fix the description.", message);
	}

	@Test
	void configNamesTheDecodedOutput() throws IOException {
		String two = V04.replace("weights:", """
			  - {name: second, axes: bcyx, shape: {reference_tensor: raw, scale: [1, 1, 1, 1], offset: [0, 0, 0, 0]}}
			weights:""");
		assertEquals("out", load(two).decodedOutput().id());
		assertEquals("second", load(two + "config:\n  visionj: {output: second}\n").decodedOutput().id());
		assertEquals("In the model description " + dir.resolve("rdf.yaml") + ", config.visionj.output names the output " +
			"'third', which is not one of [out, second]; fix the description.",
			assertThrows(VisionJException.class, () -> load(two + "config:\n  visionj: {output: third}\n")).getMessage());
	}
}
