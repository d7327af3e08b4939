// Statistical classifier of the SMS verdict engine: hashed character n-grams → logistic regression →
// calibrated P(unwanted). Pure TypeScript, trained by trainClassifier, shipped as model.json beside this file.

export { Classifier, type NgramWeight } from './classifier.js';
export { trainClassifier, fitPlatt, POSITIVE_LABELS, type TrainingExample, type TrainOptions } from './train.js';
export { validateModel, serializeModel, round4, MODEL_FORMAT, MODEL_VERSION, type ModelJson } from './model.js';
export { trainFromCorpus, toTrainingExample, defaultNormalize, DEFAULT_TRAIN_SEED, type CorpusTrainOptions } from './train-corpus.js';
export { Featurizer, DEFAULT_FEATURES, type FeatureConfig, type FeatureName } from './featurize.js';
export { binaryMetrics, auc, type BinaryMetrics, type Scored } from './metrics.js';

/** Path of the committed model, for callers that do not configure one. */
export const DEFAULT_MODEL_URL = new URL('./model.json', import.meta.url);
