package io.github.visionj.engine;

import io.github.visionj.model.WeightsFormat;

/** One model cache for the tests outside a SciJava context: a model loads once per test run. */
public final class TestModelCache {

	private static final ModelCache MODELS = new ModelCache();

	private TestModelCache() {}

	public static LoadedModel get(String idOrPath) {
		return MODELS.get(idOrPath);
	}

	public static LoadedModel get(String idOrPath, WeightsFormat format) {
		return MODELS.get(idOrPath, format);
	}
}
