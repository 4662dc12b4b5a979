package io.github.visionj.engine;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

import io.github.visionj.model.WeightsFormat;

/**
 * The models the commands of one SciJava context have loaded: each loaded once and kept while the
 * context lives; disposing the context closes their networks (and the native memory they hold).
 */
@Plugin(type = Service.class)
public final class ModelCacheService extends AbstractService implements SciJavaService {

	private final ModelCache cache = new ModelCache();

	/** @see ModelCache#get(String, WeightsFormat) */
	public LoadedModel get(String idOrPath, WeightsFormat format) {
		return cache.get(idOrPath, format);
	}

	@Override
	public void dispose() {
		cache.close();
	}
}
