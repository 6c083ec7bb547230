import { build } from './integ.interconnect-connection';
import { LifecycleStage, synthStage } from './lifecycle-stages';

synthStage('InterconnectConnection', LifecycleStage.UPDATE_IN_PLACE, build);
