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

	private static List<String> properties() {
		return Stream.of(PyTorch.OFFLINE, PyTorch.CACHE, PyTorch.ENGINE_CACHE).map(System::getProperty).toList();
	}

	@Test
	void djlIsOfflineWithItsCachesInTheVisionJCacheOnlyWhileTheEngineStarts(@TempDir Path cache) {
		assumeTrue(Stream.of("DJL_OFFLINE", PyTorch.CACHE, PyTorch.ENGINE_CACHE).allMatch(k -> System.getenv(k) == null),
			"DJL is configured by environment variables");
		Map<String, String> saved = new HashMap<>();
		for (String key : List.of(PyTorch.OFFLINE, PyTorch.CACHE, PyTorch.ENGINE_CACHE, "visionj.cache"))
			saved.put(key, System.clearProperty(key));
		try {
			System.setProperty("visionj.cache", cache.toString());
			String djl = cache.resolve("djl").toString();
			Map<String, String> settings = PyTorch.settings();
			assertEquals(Map.of(PyTorch.OFFLINE, "true", PyTorch.CACHE, djl, PyTorch.ENGINE_CACHE, djl), settings);
			assertEquals(List.of("true", djl, djl), PyTorch.with(settings, PyTorchTest::properties));
			assertEquals(Arrays.asList(null, null, null), properties());

			// what the user set is kept, and restored when changed
			System.setProperty(PyTorch.CACHE, "/mine");
			System.setProperty(PyTorch.OFFLINE, "false");
			assertEquals(Map.of(), PyTorch.settings());
			assertEquals(List.of("true", "/mine"), PyTorch.with(Map.of(PyTorch.OFFLINE, "true"), PyTorchTest::properties)
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
