package io.github.visionj.engine;

import java.util.EnumMap;
import java.util.Map;

import ai.djl.engine.Engine;
import io.github.visionj.VisionJException;
import io.github.visionj.model.WeightsFormat;

/**
 * Starts the DJL engine of each weights format once: PyTorch for TorchScript, OnnxRuntime for ONNX.
 * DJL runs offline unless the user set {@code ai.djl.offline} (it would otherwise download natives from
 * the internet at first use); the natives then come from jars on the class path (see docs/engine.md).
 */
final class Engines {

	static final String OFFLINE = "ai.djl.offline";

	private static final Map<WeightsFormat, Engine> STARTED = new EnumMap<>(WeightsFormat.class);

	private Engines() {}

	static synchronized Engine engine(WeightsFormat format) {
		Engine engine = STARTED.get(format);
		if (engine != null) return engine;
		// must be set before DJL first looks for its natives
		if (System.getProperty(OFFLINE) == null) System.setProperty(OFFLINE, "true");
		try {
			engine = Engine.getEngine(name(format));
		}
		catch (RuntimeException | UnsatisfiedLinkError e) {
			throw nativesMissing(format, e);
		}
		STARTED.put(format, engine);
		return engine;
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
