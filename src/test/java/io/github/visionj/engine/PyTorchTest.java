package io.github.visionj.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PyTorchTest {

	@Test
	void aMissingNativeLibraryTellsWhereToPutIt() {
		String platform = PyTorch.platform();
		assertEquals("PyTorch could not start (no libtorch in java.library.path); put DJL's pytorch-native-cpu-2.7.1-" +
			platform + ".jar in Fiji's jars/ folder, or start Fiji with -Dai.djl.offline=false to let DJL download it.",
			PyTorch.nativesMissing(new UnsatisfiedLinkError("no libtorch in java.library.path")).getMessage());
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
