package io.github.visionj.engine;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import ai.djl.engine.Engine;
import io.github.visionj.VisionJException;
import io.github.visionj.model.CacheFolder;
import io.github.visionj.model.WeightsFormat;

/**
 * Starts the DJL engine of each weights format once: PyTorch for TorchScript, OnnxRuntime for ONNX.
 * While an engine starts (for VisionJ, the only time DJL reads these settings), DJL runs offline, so
 * that it does not download natives behind the user's back (they come from jars on the class path,
 * see docs/engine.md), and keeps its caches, the natives included, in VisionJ's private cache folder,
 * so that no other user can plant a library in them (DJL's own fallback is a fixed folder in the
 * shared temporary folder). DJL reads these settings from system properties: they are set under a
 * lock and restored afterwards, as QuPath's DjlTools does, and each is left alone when the user set it.
 */
final class Engines {

	static final String OFFLINE = "ai.djl.offline";
	static final String CACHE = "DJL_CACHE_DIR";
	static final String ENGINE_CACHE = "ENGINE_CACHE_DIR";

	private static final Map<WeightsFormat, Engine> STARTED = new EnumMap<>(WeightsFormat.class);

	private Engines() {}

	static synchronized Engine engine(WeightsFormat format) {
		Engine engine = STARTED.get(format);
		if (engine != null) return engine;
		try {
			engine = with(settings(), () -> Engine.getEngine(name(format)));
		}
		catch (RuntimeException | UnsatisfiedLinkError e) {
			throw nativesMissing(format, e);
		}
		STARTED.put(format, engine);
		return engine;
	}

	/** The settings DJL needs that the user did not set, as environment variable or system property. */
	static Map<String, String> settings() {
		Map<String, String> settings = new LinkedHashMap<>();
		if (!userSet(OFFLINE) && System.getenv("DJL_OFFLINE") == null) settings.put(OFFLINE, "true");
		// DJL keeps the natives in ENGINE_CACHE_DIR, by default DJL_CACHE_DIR: a folder the user chose stays in charge
		if (userSet(CACHE)) return settings;
		String folder = CacheFolder.folder("djl").toString();
		settings.put(CACHE, folder);
		if (!userSet(ENGINE_CACHE)) settings.put(ENGINE_CACHE, folder);
		return settings;
	}

	/** Runs {@code action} with the system properties {@code settings}, then restores the properties. */
	static synchronized <T> T with(Map<String, String> settings, Supplier<T> action) {
		Map<String, String> before = new HashMap<>();
		settings.forEach((key, value) -> before.put(key, System.setProperty(key, value)));
		try {
			return action.get();
		}
		finally {
			before.forEach((key, value) -> {
				if (value == null) System.clearProperty(key);
				else System.setProperty(key, value);
			});
		}
	}

	private static boolean userSet(String key) {
		return System.getenv(key) != null || System.getProperty(key) != null;
	}

	/** DJL's name of the engine that runs the format. */
	private static String name(WeightsFormat format) {
		return switch (format) {
			case TORCHSCRIPT -> "PyTorch";
			case ONNX -> "OnnxRuntime";
		};
	}

	static VisionJException nativesMissing(WeightsFormat format, Throwable e) {
		return switch (format) {
			case TORCHSCRIPT -> new VisionJException("PyTorch could not start (" + Messages.summary(e) + "); put DJL's " +
				"pytorch-native-cpu-2.7.1-" + platform() + ".jar in Fiji's jars/ folder, or start Fiji with " +
				"-D" + OFFLINE + "=false to let DJL download it.", e);
			case ONNX -> new VisionJException("ONNX Runtime could not start (" + Messages.summary(e) + "); put " +
				"onnxruntime-1.21.1.jar (com.microsoft.onnxruntime, it holds the natives of every platform) and DJL's " +
				"onnxruntime-engine-0.36.0.jar in Fiji's jars/ folder.", e);
		};
	}

	/** DJL's classifier for this machine, e.g. linux-x86_64 or osx-aarch64. */
	static String platform() {
		String os = System.getProperty("os.name").toLowerCase();
		String arch = System.getProperty("os.arch").toLowerCase();
		String o = os.startsWith("mac") ? "osx" : os.startsWith("win") ? "win" : "linux";
		String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
		return o + "-" + a;
	}
}
