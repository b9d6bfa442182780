import nock from 'nock';

// Tests talk to loopback servers and nock only; a request that escapes to a real host fails at once
// instead of hanging until a timeout.
nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(host));
