package io.github.visionj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.scijava.plugin.Parameter;

import io.github.visionj.VisionJException;
import io.github.visionj.command.TrainCommand;
import io.github.visionj.engine.TrainableNetwork.Weights;

class TrainedLayersTest {

	/** The shape of nuclei's module: a U-Net body, then three small heads. */
	private static final List<Weights> NUCLEI = List.of(new Weights("unet.enc.0.0.weight", 540), new Weights("unet.enc.0.0.bias", 20),
		new Weights("unet.enc.1.0.weight", 7200), new Weights("unet.dec.0.conv.0.weight", 7200), new Weights("unet.dec.0.conv.0.bias", 20),
		new Weights("head.weight", 7200), new Weights("head.bias", 40), new Weights("prob.weight", 40), new Weights("dist.weight", 1280));

	@Test
	void allTrainsEveryTensor() {
		assertEquals(NUCLEI.size(), TrainedLayers.ALL.select(NUCLEI).size());
	}

	@Test
	void decoderIsTheLaterHalfInModuleOrder() {
		assertEquals(List.of("unet.dec.0.conv.0.bias", "head.weight", "head.bias", "prob.weight", "dist.weight"),
			List.copyOf(TrainedLayers.DECODER.select(NUCLEI)));
	}

	@Test
	void outputIsTheModulesAfterTheLargest() {
		// head alone (7240 values) is larger than any unet tensor, but the unet module as a whole is the body
		assertEquals(List.of("head.weight", "head.bias", "prob.weight", "dist.weight"), List.copyOf(TrainedLayers.OUTPUT.select(NUCLEI)));
	}

	@Test
	void outputOfANetworkEndingInItsBodyIsRefused() {
		List<Weights> plain = List.of(new Weights("sem.weight", 63), new Weights("unet.enc.0.0.weight", 540));
		VisionJException e = assertThrows(VisionJException.class, () -> TrainedLayers.OUTPUT.select(plain));
		assertTrue(e.getMessage().contains("no output layers after its largest part 'unet'"), e.getMessage());
	}

	@Test
	void keysRoundTripAndUnknownKeysAreNamed() {
		for (TrainedLayers l : TrainedLayers.values())
			assertEquals(l, TrainedLayers.of(l.key()));
		VisionJException e = assertThrows(VisionJException.class, () -> TrainedLayers.of("encoder"));
		assertEquals("Layers to train must be one of [output, decoder, all], not 'encoder'.", e.getMessage());
	}

	@Test
	void theTrainCommandOffersEveryChoiceAndDefaultsToOutput() throws Exception {
		Parameter layers = TrainCommand.class.getDeclaredField("layers").getAnnotation(Parameter.class);
		assertEquals(Set.copyOf(TrainedLayers.keys()), Set.of(layers.choices()));
		assertEquals(TrainedLayers.OUTPUT, FineTuning.Options.DEFAULTS.layers());
		assertEquals(TrainedLayers.OUTPUT.learningRate(), FineTuning.Options.DEFAULTS.learningRate());
	}
}
