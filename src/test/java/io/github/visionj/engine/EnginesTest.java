package io.github.visionj.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.github.visionj.model.WeightsFormat;

class EnginesTest {

	@Test
	void aMissingNativeLibraryTellsWhereToPutIt() {
		String platform = Engines.platform();
		assertEquals("PyTorch could not start (no libtorch in java.library.path); put DJL's pytorch-native-cpu-2.7.1-" +
			platform + ".jar in Fiji's jars/ folder, or start Fiji with -Dai.djl.offline=false to let DJL download it.",
			Engines.nativesMissing(WeightsFormat.TORCHSCRIPT, new UnsatisfiedLinkError("no libtorch in java.library.path"))
				.getMessage());
		assertEquals("ONNX Runtime could not start (Deep learning engine not found: OnnxRuntime); put onnxruntime-1.21.1.jar " +
			"(com.microsoft.onnxruntime, it holds the natives of every platform) and DJL's onnxruntime-engine-0.36.0.jar in " +
			"Fiji's jars/ folder.", Engines.nativesMissing(WeightsFormat.ONNX,
				new IllegalArgumentException("Deep learning engine not found: OnnxRuntime")).getMessage());
	}

	@Test
	void pytorchErrorsAreShortenedToTheErrorLine() {
		RuntimeException e = new RuntimeException("The following operation failed in the TorchScript interpreter.\n" +
			"Traceback of TorchScript, serialized code (most recent call last):\n  File \"code/__torch__.py\", line 12\n" +
			"RuntimeError: Given groups=1, weight of size [16, 1, 3, 3], expected input[1, 3, 64, 64] to have 1 channels\n");
		assertEquals("RuntimeError: Given groups=1, weight of size [16, 1, 3, 3], expected input[1, 3, 64, 64] to have 1 " +
			"channels", Messages.summary(e));
		assertEquals("plain", Messages.summary(new RuntimeException("plain")));
	}
}
