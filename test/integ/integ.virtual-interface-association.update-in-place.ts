import { build } from './integ.virtual-interface-association';
import { LifecycleStage, synthStage } from './lifecycle-stages';

synthStage('VirtualInterfaceAssociation', LifecycleStage.UPDATE_IN_PLACE, build);
