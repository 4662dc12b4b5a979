package io.github.visionj.engine;

import ai.djl.engine.Engine;
import io.github.visionj.VisionJException;

/**
 * Starts DJL's PyTorch engine once. DJL runs offline unless the user set {@code ai.djl.offline}
 * (it would otherwise download natives from the internet at first use); the natives then come from
 * the {@code pytorch-native-cpu} jar on the class path (see docs/engine.md).
 */
final class PyTorch {

	static final String OFFLINE = "ai.djl.offline";

	private static Engine engine;

	private PyTorch() {}

	static synchronized Engine engine() {
		if (engine != null) return engine;
		// must be set before DJL first looks for its natives
		if (System.getProperty(OFFLINE) == null) System.setProperty(OFFLINE, "true");
		try {
			engine = Engine.getEngine("PyTorch");
		}
		catch (RuntimeException | UnsatisfiedLinkError e) {
			throw nativesMissing(e);
		}
		return engine;
	}

	static VisionJException nativesMissing(Throwable e) {
		return new VisionJException("PyTorch could not start (" + Messages.summary(e) + "); put DJL's " +
			"pytorch-native-cpu-2.7.1-" + platform() + ".jar in Fiji's jars/ folder, or start Fiji with " +
			"-D" + OFFLINE + "=false to let DJL download it.", e);
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
