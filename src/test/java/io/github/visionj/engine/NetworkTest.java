package io.github.visionj.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.BundledModels;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.Npy;
import io.github.visionj.model.Processing;
import io.github.visionj.model.TensorDescription;
import io.github.visionj.model.WeightsFormat;

class NetworkTest {

	private static Path folder;
	private static Network network, onnx;

	@BeforeAll
	static void load() {
		folder = BundledModels.resolve("nuclei-broad");
		network = Network.load(WeightsFormat.TORCHSCRIPT, folder.resolve("weights.pt"));
		onnx = Network.load(WeightsFormat.ONNX, folder.resolve("weights.onnx"));
	}

	@AfterAll
	static void close() {
		network.close();
		onnx.close();
	}

	@Test
	void reproducesTheTestOutputThroughTheV05Description() {
		assertReproducesTestOutput(ModelDescription.load(folder), network);
	}

	@Test
	void reproducesTheTestOutputThroughTheV04Description() {
		assertReproducesTestOutput(ModelDescription.load(folder.resolve("v0_4_9.bioimageio.yaml")), network);
	}

	@Test
	void onnxWeightsReproduceTheTestOutputAndAgreeWithTorchScript() {
		FloatTensor fromOnnx = assertReproducesTestOutput(ModelDescription.load(folder, WeightsFormat.ONNX), onnx);
		FloatTensor fromTorchScript = assertReproducesTestOutput(ModelDescription.load(folder), network);
		assertTrue(maxDifference(fromOnnx, fromTorchScript) <= 1e-4, "ONNX and TorchScript differ by " +
			maxDifference(fromOnnx, fromTorchScript));
		assertEquals(WeightsFormat.ONNX, onnx.format());
		assertEquals("cpu()", onnx.device());
	}

	private static double maxDifference(FloatTensor a, FloatTensor b) {
		double maxDiff = 0;
		for (int i = 0; i < a.data().length; i++)
			maxDiff = Math.max(maxDiff, Math.abs(a.data()[i] - b.data()[i]));
		return maxDiff;
	}

	private static FloatTensor assertReproducesTestOutput(ModelDescription d, Network network) {
		TensorDescription in = d.inputs().get(0), out = d.outputs().get(0);
		FloatTensor input = Npy.read(d.testInputs().get(0));
		Processing.apply(in.processing(), input, in.axes(), Map.of());
		FloatTensor output = network.predict(input);
		Processing.apply(out.processing(), output, out.axes(), Map.of(in.id(), input));
		FloatTensor expected = Npy.read(d.testOutputs().get(0));
		assertArrayEquals(expected.shape(), output.shape());
		double maxDiff = maxDifference(expected, output);
		assertTrue(maxDiff <= 1e-4, d.formatVersion() + ": max |diff| " + maxDiff);
		return output;
	}

	@Test
	void aWrongShapeIsReportedWithTheInputShape() {
		VisionJException e = assertThrows(VisionJException.class, () -> network.predict(FloatTensor.zeros(1, 3, 64, 64)));
		assertTrue(e.getMessage().startsWith("The network weights.pt cannot process an input of shape [1, 3, 64, 64]; "),
			e.getMessage());
	}

	@Test
	void memoryStaysFlatOver1000Calls() {
		FloatTensor input = FloatTensor.zeros(1, 1, 16, 16);
		network.predict(input);
		int before = network.liveArrays();
		for (int i = 0; i < 1000; i++)
			assertEquals(16 * 16, network.predict(input).data().length);
		assertEquals(before, network.liveArrays());
	}

	@Test
	void aClosedNetworkRefusesToRun() {
		Network other = Network.load(WeightsFormat.TORCHSCRIPT, folder.resolve("weights.pt"));
		other.close();
		assertThrows(IllegalStateException.class, () -> other.predict(FloatTensor.zeros(1, 1, 32, 32)));
	}

	@Test
	void aFileThatIsNotTorchScriptIsRefused() {
		VisionJException e = assertThrows(VisionJException.class,
			() -> Network.load(WeightsFormat.TORCHSCRIPT, folder.resolve("bioimageio.yaml")));
		assertTrue(e.getMessage().startsWith("Cannot load the TorchScript weights " + folder.resolve("bioimageio.yaml")),
			e.getMessage());
		e = assertThrows(VisionJException.class, () -> Network.load(WeightsFormat.ONNX, folder.resolve("weights.pt")));
		assertTrue(e.getMessage().startsWith("Cannot load the ONNX weights " + folder.resolve("weights.pt") + " ("),
			e.getMessage());
		assertTrue(e.getMessage().endsWith("); give an ONNX file of opset 22 or older (ONNX Runtime 1.21)."), e.getMessage());
	}

	@Test
	void aWrongShapeIsReportedByOnnxRuntimeToo() {
		VisionJException e = assertThrows(VisionJException.class, () -> onnx.predict(FloatTensor.zeros(1, 3, 64, 64)));
		assertTrue(e.getMessage().startsWith("The network weights.onnx cannot process an input of shape [1, 3, 64, 64]; "),
			e.getMessage());
		assertTrue(e.getMessage().contains("index: 1 Got: 3 Expected: 1"), e.getMessage());
	}

	@Test
	void onnxMemoryStaysFlatOver20Calls() {
		// this export takes exactly the 512 x 512 input its description fixes
		FloatTensor input = FloatTensor.zeros(1, 1, 512, 512);
		onnx.predict(input);
		int before = onnx.liveArrays();
		for (int i = 0; i < 20; i++)
			assertEquals(512 * 512, onnx.predict(input).data().length);
		assertEquals(before, onnx.liveArrays());
	}

	@Test
	void runsOnTheCpuWithTheCpuNatives() {
		assertEquals("cpu()", network.device());
		assertEquals("true", System.getProperty("ai.djl.offline"));
	}
}
