package io.github.visionj.decode;

import java.util.EnumSet;
import java.util.Set;

import org.scijava.plugin.Plugin;

import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.image.FloatTensor;

/**
 * One score channel per class, channel 0 the background. Semantic: the argmax, so class c of the
 * class map is channel c. Instance: the 8-connected parts of each class; the model's class names
 * list the object classes without the background, so an object of channel c has class index
 * c − 1. The score of an object is the mean of its class's channel over it.
 */
@Plugin(type = Decoder.class, name = ClassArgmaxDecoder.KEY)
public class ClassArgmaxDecoder implements InstanceDecoder, SemanticDecoder {

	public static final String KEY = "class-argmax";

	private static final String LAYOUT = "[C, height, width] with C ≥ 2 (background, then one score per class)";

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
		Maps.require(maps, KEY, 2, Integer.MAX_VALUE, LAYOUT);
		return new ClassMap(Maps.argmax(maps), Maps.width(maps), Maps.height(maps), maps);
	}

	@Override
	public Instances decodeInstances(FloatTensor maps, DecoderSettings settings) {
		Maps.require(maps, KEY, 2, Integer.MAX_VALUE, LAYOUT);
		int width = Maps.width(maps), height = Maps.height(maps), n = width * height;
		int[] classes = Maps.argmax(maps);
		int[] labels = new int[n];
		int count = 0;
		for (int c = 1; c < Maps.channels(maps); c++) {
			boolean[] mask = new boolean[n];
			for (int i = 0; i < n; i++)
				mask[i] = classes[i] == c;
			int[] parts = Labels.components(mask, width, height);
			for (int i = 0; i < n; i++)
				if (parts[i] != 0) labels[i] = count + parts[i];
			count += Labels.max(parts);
		}
		int[] classOf = new int[count + 1];
		float[] ownScore = new float[n];
		for (int i = 0; i < n; i++)
			if (labels[i] != 0) {
				classOf[labels[i]] = classes[i] - 1;
				ownScore[i] = Maps.at(maps, classes[i], i);
			}
		float[] scoreOf = Labels.meanPerLabel(labels, ownScore, count);
		return Labels.finish(labels, width, height, settings.minSize(), scoreOf, classOf);
	}
}
