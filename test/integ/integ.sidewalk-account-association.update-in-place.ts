import { build } from './integ.sidewalk-account-association';
import { LifecycleStage, synthStage } from './lifecycle-stages';

synthStage('SidewalkAccountAssociation', LifecycleStage.UPDATE_IN_PLACE, build);
