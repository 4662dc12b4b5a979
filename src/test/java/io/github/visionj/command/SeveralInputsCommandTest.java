package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import io.github.visionj.model.Npy;

/**
 * unet2d_multi_tensor (bioimage.io example: inputs input0 and input1, outputs output0 and output1)
 * through Semantic Segment: its second input from a file named by extra_inputs or from the image's
 * second channel, the decoded output chosen by config.visionj.output, every output written with raw_maps.
 */
class SeveralInputsCommandTest {

	private static final Path MODEL = Path.of("src", "test", "resources", "models-external", "unet2d_multi_tensor");

	private static void assertProbabilities(Path out, String reference) {
		float[] expected = Npy.read(MODEL.resolve(reference)).data();
		ImagePlus probabilities = IJ.openImage(out.resolve("sample_probabilities.tif").toString());
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], probabilities.getProcessor().getf(i), 1e-4 + 1e-3 * Math.abs(expected[i]), "pixel " + i);
	}

	@Test
	void theSecondInputComesFromAFileNamedByExtraInputs(@TempDir Path dir) throws IOException {
		Path second = dir.resolve("second.tif");
		IJ.saveAsTiff(Commands.fromNpy(MODEL.resolve("test_input_1.npy"), "second"), second.toString());
		Path out = dir.resolve("out");
		CommandModule m = Commands.run(SemanticSegmentCommand.class, "image", Commands.fromNpy(MODEL.resolve("test_input_0.npy"),
			"sample"), "model", MODEL.toString(), "output", out.toFile(), "probabilities", true, "extra_inputs", second.toString(),
			"raw_maps", true);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertProbabilities(out, "test_output_0.npy");
		// raw_maps: both outputs, each its own image
		for (int j = 0; j < 2; j++) {
			float[] expected = Npy.read(MODEL.resolve("test_output_" + j + ".npy")).data();
			ImagePlus written = IJ.openImage(out.resolve("sample_output-output" + j + ".tif").toString());
			for (int i = 0; i < expected.length; i++)
				assertEquals(expected[i], written.getProcessor().getf(i), 1e-4 + 1e-3 * Math.abs(expected[i]), "output " + j + " pixel " + i);
		}
	}

	@Test
	void theSecondInputComesFromTheSecondChannelAndConfigNamesTheOutput(@TempDir Path dir) throws IOException {
		Path model = dir.resolve("model");
		Files.createDirectories(model);
		try (Stream<Path> files = Files.list(MODEL)) {
			for (Path f : files.toList())
				Files.copy(f, model.resolve(f.getFileName()));
		}
		Files.writeString(model.resolve("bioimageio.yaml"), Files.readString(MODEL.resolve("bioimageio.yaml")).replace(
			"config:\r\n", "config:\r\n  visionj: {output: output1}\r\n")); // the description has CRLF line ends
		assertEquals("output1", io.github.visionj.model.ModelDescription.load(model).decodedOutput().id());
		ImagePlus first = Commands.fromNpy(MODEL.resolve("test_input_0.npy"), "a");
		ImagePlus second = Commands.fromNpy(MODEL.resolve("test_input_1.npy"), "b");
		ImageStack stack = new ImageStack(first.getWidth(), first.getHeight());
		stack.addSlice(first.getProcessor());
		stack.addSlice(second.getProcessor());
		ImagePlus sample = new ImagePlus("sample", stack);
		sample.setDimensions(2, 1, 1);
		Path out = dir.resolve("out");
		CommandModule m = Commands.run(SemanticSegmentCommand.class, "image", sample, "model", model.toString(), "output",
			out.toFile(), "probabilities", true);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertProbabilities(out, "test_output_1.npy");
	}
}
