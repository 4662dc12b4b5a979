package io.github.visionj.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

	private static List<String> properties() {
		return Stream.of(Engines.OFFLINE, Engines.CACHE, Engines.ENGINE_CACHE).map(System::getProperty).toList();
	}

	@Test
	void djlIsOfflineWithItsCachesInTheVisionJCacheOnlyWhileTheEngineStarts(@TempDir Path cache) {
		assumeTrue(Stream.of("DJL_OFFLINE", Engines.CACHE, Engines.ENGINE_CACHE).allMatch(k -> System.getenv(k) == null),
			"DJL is configured by environment variables");
		Map<String, String> saved = new HashMap<>();
		for (String key : List.of(Engines.OFFLINE, Engines.CACHE, Engines.ENGINE_CACHE, "visionj.cache"))
			saved.put(key, System.clearProperty(key));
		try {
			System.setProperty("visionj.cache", cache.toString());
			String djl = cache.resolve("djl").toString();
			Map<String, String> settings = Engines.settings();
			assertEquals(Map.of(Engines.OFFLINE, "true", Engines.CACHE, djl, Engines.ENGINE_CACHE, djl), settings);
			assertEquals(List.of("true", djl, djl), Engines.with(settings, EnginesTest::properties));
			assertEquals(Arrays.asList(null, null, null), properties());

			// what the user set is kept, and restored when changed
			System.setProperty(Engines.CACHE, "/mine");
			System.setProperty(Engines.OFFLINE, "false");
			assertEquals(Map.of(), Engines.settings());
			assertEquals(List.of("true", "/mine"), Engines.with(Map.of(Engines.OFFLINE, "true"), EnginesTest::properties)
				.subList(0, 2));
			assertEquals(Arrays.asList("false", "/mine", null), properties());
		}
		finally {
			saved.forEach((key, value) -> {
				if (value == null) System.clearProperty(key);
				else System.setProperty(key, value);
			});
		}
	}
}
