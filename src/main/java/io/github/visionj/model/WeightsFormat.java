package io.github.visionj.model;

import java.util.Arrays;
import java.util.Locale;

import io.github.visionj.VisionJException;

/** The weights formats VisionJ runs, by their key in a description's {@code weights:} section. */
public enum WeightsFormat {
	TORCHSCRIPT("torchscript"), ONNX("onnx");

	private final String key;

	WeightsFormat(String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}

	/** The format named by {@code key} (case ignored), or null for "auto" or an empty key: the description's choice. */
	public static WeightsFormat byKey(String key) {
		if (key == null || key.isBlank() || key.equalsIgnoreCase("auto")) return null;
		return Arrays.stream(values()).filter(f -> f.key.equals(key.trim().toLowerCase(Locale.ROOT))).findFirst()
			.orElseThrow(() -> new VisionJException("Unknown weights format '" + key + "'; choose auto, torchscript or onnx."));
	}

	@Override
	public String toString() {
		return key;
	}
}
