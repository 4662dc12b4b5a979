package io.github.visionj.decode;

import java.util.EnumSet;
import java.util.Set;

import org.scijava.plugin.Plugin;

import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.image.FloatTensor;

/**
 * Three channels: background, object interior and object boundary probabilities. Semantic: the
 * argmax, classes 0 (background), 1 (interior) and 2 (boundary), named as in the model's class
 * list. Instance: seeds are the 8-connected parts of the interior (argmax 1), grown by a
 * watershed on the negated interior probability into the foreground (argmax not 0). The score
 * of an object is its mean foreground probability, 1 − p(background).
 */
@Plugin(type = Decoder.class, name = ThreeClassDecoder.KEY)
public class ThreeClassDecoder implements InstanceDecoder, SemanticDecoder {

	public static final String KEY = "three-class";

	private static final String LAYOUT = "[3, height, width] (background, interior, boundary)";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Set<Setting> settingsRead() {
		return EnumSet.of(Setting.MIN_SIZE);
	}

	@Override
	public ClassMap decodeClasses(FloatTensor maps, DecoderSettings settings) {
		requireThree(maps);
		return new ClassMap(Maps.argmax(maps), Maps.width(maps), Maps.height(maps), maps);
	}

	@Override
	public Instances decodeInstances(FloatTensor maps, DecoderSettings settings) {
		requireThree(maps);
		int width = Maps.width(maps), height = Maps.height(maps), n = width * height;
		int[] classes = Maps.argmax(maps);
		boolean[] interior = new boolean[n], foreground = new boolean[n];
		float[] relief = new float[n], foregroundProbability = new float[n];
		for (int i = 0; i < n; i++) {
			interior[i] = classes[i] == 1;
			foreground[i] = classes[i] != 0;
			relief[i] = -Maps.at(maps, 1, i);
			foregroundProbability[i] = 1 - Maps.at(maps, 0, i);
		}
		int[] labels = Watershed.flood(relief, Labels.components(interior, width, height), foreground, width, height);
		float[] scoreOf = Labels.meanPerLabel(labels, foregroundProbability, Labels.max(labels));
		return Labels.finish(labels, width, height, settings.minSize(), scoreOf, null);
	}

	private static void requireThree(FloatTensor maps) {
		Maps.require(maps, KEY, 3, 3, LAYOUT);
	}
}
