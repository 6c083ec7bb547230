import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttachPoint, InterconnectConnection } from '../../src';

function networkStackMatchesItsSnapshot() {
  const app = new App();
  const stack = new Stack(app, 'Network', { env: { account: '123456789012', region: 'us-east-1' } });
  new InterconnectConnection(stack, 'ToGoogleCloud', {
    environmentId: 'aws-gcp-us-east4',
    bandwidth: '1Gbps',
    attachPoint: AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9'),
  });

  expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
}

test('the network stack matches its snapshot', networkStackMatchesItsSnapshot);
